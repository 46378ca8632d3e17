package dev.entrepot.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP/1.1 written by hand on a socket, for what no client library would send (two Transfer-Encoding
 * headers, a bad byte in a header) and for a connection from a chosen local address (127.0.0.0/8 is all
 * loopback on Linux, so a test can be a client or a trusted proxy).
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer as read off the socket; {@code closed}: the server closed the connection after it (when watched). */
    record Answer(int status, Map<String, String> headers, String body, boolean closed) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (CRLFs and all), reads one answer, and waits to see whether the connection is closed after it. */
    static Answer sendAndWatch(URI gateway, String request) throws IOException {
        return exchange(gateway, null, request, true);
    }

    /** Sends {@code request} from {@code localAddress} (null: any) and reads one answer. */
    static Answer send(URI gateway, String localAddress, String request) throws IOException {
        return exchange(gateway, localAddress, request, false);
    }

    /** Sends {@code request}; the server closes the connection without answering, as it must for what it cannot read. */
    static boolean closedWithoutAnswer(URI gateway, String request) throws IOException {
        try (Socket socket = connect(gateway, null)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            try {
                return socket.getInputStream().read() < 0;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static Answer exchange(URI gateway, String localAddress, String request, boolean watchClose) throws IOException {
        try (Socket socket = connect(gateway, localAddress)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream(), watchClose);
        }
    }

    private static Socket connect(URI gateway, String localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** {@code GET path} with these extra header lines, from {@code localAddress}. */
    static Answer get(URI gateway, String localAddress, String path, String... headerLines) throws IOException {
        return send(gateway, localAddress, "GET " + path + " HTTP/1.1\r\nHost: gateway\r\n" + lines(headerLines) + "\r\n");
    }

    /** {@code POST path} with a JSON body and these extra header lines, from {@code localAddress}. */
    static Answer postJson(URI gateway, String localAddress, String path, String json, String... headerLines) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(gateway, localAddress, "POST " + path + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + lines(headerLines) + "\r\n" + new String(body, StandardCharsets.ISO_8859_1));
    }

    private static String lines(String... headerLines) {
        StringBuilder lines = new StringBuilder();
        for (String line : headerLines) {
            lines.append(line).append("\r\n");
        }
        return lines.toString();
    }

    private static Answer read(InputStream in, boolean watchClose) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else {
            body = new byte[0];
        }
        boolean closed = false;
        if (watchClose) {
            // Whatever else comes (Netty's answer to bytes left over), the connection must end.
            try {
                while (in.read() >= 0) {
                    // drained
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), closed);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
