package dev.entrepot.deploy.widgets;

import dev.entrepot.platform.api.EntityResource;
import dev.entrepot.platform.api.EntityType;
import jakarta.ws.rs.Path;

@Path("/api/v1/widgets")
public class WidgetResource extends EntityResource {

    @Override
    protected EntityType type() {
        return Widgets.WIDGETS;
    }
}
