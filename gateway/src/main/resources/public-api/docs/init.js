// Swagger UI on the gateway's merged document; "Try it out" calls this same gateway (servers: "/").
window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: true
});
