# syntax=docker/dockerfile:1

# One image serves every role: `run --role orchestrator|worker|all` and the job commands
# (submit, status, cancel, list). The entrypoint and its default arguments live only at the
# bottom of this file; the integration tests run the same command line outside a container.

# Base images are pinned to exact patch versions; bump both together (the SDK band must
# carry the runtime below). For byte-for-byte pins, append the digest: aspnet:10.0.12@sha256:...
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.12

FROM ${SDK_IMAGE} AS build
WORKDIR /source

# Restore first, from the project files only, so source edits reuse the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/WorkUnits/WorkUnits.csproj src/WorkUnits/
COPY src/WorkUnits.PostgreSql/WorkUnits.PostgreSql.csproj src/WorkUnits.PostgreSql/
COPY src/WorkUnits.BuiltInJobs/WorkUnits.BuiltInJobs.csproj src/WorkUnits.BuiltInJobs/
COPY src/WorkUnits.Web/WorkUnits.Web.csproj src/WorkUnits.Web/
COPY src/WorkUnits.Cli/WorkUnits.Cli.csproj src/WorkUnits.Cli/
RUN dotnet restore src/WorkUnits.Cli/WorkUnits.Cli.csproj

COPY src/ src/
# Framework-dependent and without an apphost, so the same output runs on any architecture
# the runtime image is pulled for.
RUN dotnet publish src/WorkUnits.Cli -c Release -o /app --no-restore -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app

# Listen where the probes and the compose healthchecks look, and nowhere else. The image's
# own ASPNETCORE_HTTP_PORTS is cleared so that ASPNETCORE_URLS is the only binding.
# Nothing is written outside /tmp, so the root filesystem can be mounted read-only.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    TMPDIR=/tmp

COPY --from=build --chown=root:root /app ./

EXPOSE 8080

# The aspnet image's non-root `app` user, by number so that runAsNonRoot can verify it.
USER 1654

# Exec form: dotnet is PID 1 with no shell in between, so SIGTERM reaches the host and
# starts the graceful shutdown described in deploy/README.md.
ENTRYPOINT ["dotnet", "/app/workunits.dll"]
CMD ["run", "--role", "all"]
