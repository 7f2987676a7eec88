using MassTransit;
using Microsoft.Extensions.Options;
using WorkUnits;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Commands;

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

try
{
    var parsed = ParsedArguments.Parse(args);
    if (parsed.Help || parsed.Command is "help" or "--help" or "-h")
    {
        Console.WriteLine(Usage.Text);
        return ExitCodes.Success;
    }

    return parsed.Command switch
    {
        "demo" => await DemoCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "run" => await RunCommand.RunAsync(parsed),
        "submit" => await SubmitCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "status" => await StatusCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "cancel" => await CancelCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "retry-failed" => await RetryFailedCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "watch" => await WatchCommand.RunAsync(parsed, Console.Out, stopping.Token),
        "list" => await ListCommand.RunAsync(parsed, Console.Out, stopping.Token),
        _ => throw new UsageException($"'{parsed.Command}' is not a workunits command."),
    };
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}\n\nRun 'workunits --help' for usage.");
    return ExitCodes.InvalidInput;
}
catch (ConfigurationProblemException exception)
{
    await Console.Error.WriteLineAsync($"configuration error: {exception.Message}");
    return ExitCodes.InvalidInput;
}
catch (OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync($"configuration error: {string.Join(" ", exception.Failures)}");
    return ExitCodes.InvalidInput;
}
catch (JobRejectedException exception)
{
    await Console.Error.WriteLineAsync($"job rejected: {exception.Field} {exception.Reason}");
    return ExitCodes.InvalidInput;
}
catch (RequestTimeoutException)
{
    await Console.Error.WriteLineAsync(
        "error: no answer from the orchestrator; is 'workunits run' running against the same broker?");
    return ExitCodes.Unavailable;
}
catch (TimeoutException exception)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}");
    return ExitCodes.Unavailable;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return ExitCodes.JobNotCompleted;
}
