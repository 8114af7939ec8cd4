package dev.playtrace.server.cli;

import dev.playtrace.server.PlaytraceServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code playtrace credentials}: prints the default project's keys with their secrets and the dashboard's signed-in
 * link. A normal start prints no secret (issue 19): they are printed when created and by this command only. Opens the
 * store, so the server must be stopped.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Print the default project's keys, secrets and the dashboard's signed-in link.")
final class CredentialsCommand implements Runnable {
    @Mixin
    PlaytraceCommand.DataDirOption data = new PlaytraceCommand.DataDirOption();

    @Option(names = "--port", defaultValue = "8080", description = "The server's port, for the link (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public void run() {
        try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(data.dataDir, data.storeUrlOrDefault())) {
            System.out.println(store.describeDefaultProject(System.getenv(), port));
        }
    }
}
