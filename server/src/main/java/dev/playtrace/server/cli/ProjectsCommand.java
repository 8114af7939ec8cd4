package dev.playtrace.server.cli;

import dev.playtrace.model.Project;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;

/** {@code playtrace projects create|list}: manage tenants in a data directory (the server must be stopped). */
@Command(name = "projects", mixinStandardHelpOptions = true, description = "Create and list projects.",
        subcommands = {ProjectsCommand.Create.class, ProjectsCommand.ListProjects.class})
final class ProjectsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project with an ingest key and an API token.")
    static final class Create implements Runnable {
        @CommandLine.Mixin
        PlaytraceCommand.DataDirOption data = new PlaytraceCommand.DataDirOption();

        @Option(names = "--name", required = true, description = "Project name.")
        String name;

        @Override
        public void run() {
            try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(data.dataDir, data.storeUrlOrDefault())) {
                ProjectAdmin.Credentials credentials = store.admin(Clock.systemUTC()).createProject(name);
                System.out.println(credentials.describe());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects and their ingest keys.")
    static final class ListProjects implements Runnable {
        @CommandLine.Mixin
        PlaytraceCommand.DataDirOption data = new PlaytraceCommand.DataDirOption();

        @Override
        public void run() {
            try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(data.dataDir, data.storeUrlOrDefault())) {
                for (Project project : store.projects().listProjects()) {
                    System.out.println(project.id() + "\t" + project.ingestKey() + "\t" + project.name());
                }
            }
        }
    }
}
