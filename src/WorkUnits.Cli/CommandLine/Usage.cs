namespace WorkUnits.Cli.CommandLine;

/// <summary>The text of <c>workunits --help</c>.</summary>
internal static class Usage
{
    public const string Text = """
        workunits: run long jobs as many short, idempotent work units over RabbitMQ and PostgreSQL.

        Usage:
          workunits demo [--job synthetic|wordcount] [--param k=v]... [--json]
              Runs one job with the orchestrator and a worker in this process and prints its result.
              With no services configured it uses the embedded default (in-memory transport and store).
          workunits run [--role all|orchestrator|worker]
              The long-running service. Needs RabbitMq__Url and Postgres__ConnectionString.
              Serves /health/live and /health/ready; the orchestrator also the job API under /api/jobs
              and the dashboard at /. Listens on ASPNETCORE_URLS or --urls, else http://localhost:8080.
          workunits submit <jobType> [--param k=v]... [--setting name=value]... [--id GUID] [--wait] [--json]
              --setting sets one of the job's settings (names ignore case): maxInFlight, maxFailedUnits,
              maxFailedPercent, maxAttempts, unitTimeout (hh:mm:ss), deadline (hh:mm:ss from acceptance,
              or a time with its offset); unset ones take the orchestrator's defaults.
          workunits status <jobId> [--json]
          workunits watch <jobId> [--json]
              Follows a job until it ends: progress bar, rate, ETA, in flight, most common errors.
              Plain lines when the output is not a terminal; --json prints one object per change.
          workunits cancel <jobId> [--reason TEXT]
          workunits retry-failed <jobId>
          workunits list [--state STATE] [--type JOBTYPE] [--limit N] [--json]

        Job types: synthetic (units, unitMs, seed, failUnit, crashUnit), wordcount (path, top, rangeBytes).

        Configuration (environment, appsettings.json, or --Section:Key=value on the command line):
          RabbitMq__Url                  amqp://user:password@host:5672/vhost (amqps:// for TLS)
          Postgres__ConnectionString     Host=...;Username=...;Password=...;Database=...
          WorkUnits__Role                All, Orchestrator, Worker (run's --role wins)
          WorkUnits__Web__ApiToken       bearer token for API actions (cancel, retry-failed); none turns them off
          WorkUnits__Web__RequireTokenForReads   true to need the token for reads as well
          WorkUnits__Worker__Concurrency, WorkUnits__Orchestrator__DefaultMaxInFlight, ... (see README)

        Exit codes:
          0  done; a waited-for job completed
          1  a waited-for job ended failed or cancelled
          2  invalid command line, configuration or job (the message names the field or setting)
          3  no job has that id
          4  the broker or the orchestrator could not be reached in time
        """;
}
