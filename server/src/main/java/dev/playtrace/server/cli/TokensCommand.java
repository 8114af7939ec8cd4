package dev.playtrace.server.cli;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Project;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;

/** {@code playtrace tokens create --project ID}: another API token for a project (the server must be stopped). */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Create API tokens.",
        subcommands = {TokensCommand.Create.class})
final class TokensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API token for a project.")
    static final class Create implements Runnable {
        @CommandLine.Mixin
        PlaytraceCommand.DataDirOption data = new PlaytraceCommand.DataDirOption();

        @Option(names = "--project", required = true, description = "Project id.")
        String projectId;

        @Option(names = "--role", defaultValue = "READ", description = "READ or ADMIN (default: ${DEFAULT-VALUE}).")
        ApiToken.TokenRole role;

        @Override
        public void run() {
            try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(data.dataDir, data.storeUrlOrDefault())) {
                Project project = store.projects().findProject(projectId).orElseThrow(() ->
                        new CommandLine.ParameterException(new CommandLine(this), "no project with id " + projectId));
                System.out.println(store.admin(Clock.systemUTC()).createToken(project, role).describe());
            }
        }
    }
}
