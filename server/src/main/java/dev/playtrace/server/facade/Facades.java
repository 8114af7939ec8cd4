package dev.playtrace.server.facade;

import java.util.List;

/** Every vendor-compatible API the server serves, in registration order. */
public final class Facades {
    private Facades() {
    }

    public static List<Facade> all(FacadeContext context) {
        return List.of(
                new dev.playtrace.server.facade.ncp.NcpFacade(context),
                new dev.playtrace.server.facade.smartsight.SmartSightFacade(context),
                new dev.playtrace.server.facade.apivideo.ApiVideoFacade(context));
    }
}
