using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkUnits.Jobs;

namespace WorkUnits.JobTypes;

/// <summary>The typed runtime behind a job type registered with a splitter, a handler and maybe a finalizer.</summary>
internal sealed class JobTypeRuntime<TParameters, TUnit, TResult, TJobResult> : JobTypeRuntime
    where TParameters : class
{
    private readonly Type _splitterType;
    private readonly Type _handlerType;
    private readonly Type? _finalizerType;
    private readonly ObjectFactory _createSplitter;
    private readonly ObjectFactory _createHandler;
    private readonly ObjectFactory? _createFinalizer;

    public JobTypeRuntime(string name, Type splitterType, Type handlerType, Type? finalizerType)
        : base(name)
    {
        _splitterType = splitterType;
        _handlerType = handlerType;
        _finalizerType = finalizerType;
        _createSplitter = ActivatorUtilities.CreateFactory(splitterType, Type.EmptyTypes);
        _createHandler = ActivatorUtilities.CreateFactory(handlerType, Type.EmptyTypes);
        _createFinalizer = finalizerType is null
            ? null
            : ActivatorUtilities.CreateFactory(finalizerType, Type.EmptyTypes);
    }

    public override (string? Parameters, ParameterProblem? Problem) CheckParameters(JsonElement? parameters)
    {
        var json = parameters is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } element
            ? element
            : EmptyObject();

        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, new ParameterProblem("parameters", "must be a JSON object"));
        }

        TParameters? typed;
        try
        {
            typed = json.Deserialize<TParameters>(WorkUnitsJson.Options);
        }
        catch (JsonException exception)
        {
            return (null, DescribeJsonProblem(exception));
        }

        if (typed is null)
        {
            return (null, new ParameterProblem("parameters", "must be a JSON object"));
        }

        var problems = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(
            typed,
            new ValidationContext(typed),
            problems,
            validateAllProperties: true);
        if (!valid)
        {
            var first = problems[0];
            var member = first.MemberNames.FirstOrDefault();
            var field = member is null ? "parameters" : "parameters." + JsonNamingPolicy.CamelCase.ConvertName(member);
            return (null, new ParameterProblem(field, first.ErrorMessage ?? "is not valid"));
        }

        return (JsonSerializer.Serialize(typed, WorkUnitsJson.Options), null);
    }

    public override async IAsyncEnumerable<SplitItem> SplitAsync(
        IServiceProvider services,
        string parameters,
        string? cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var splitter = (IJobSplitter<TParameters, TUnit>)Resolve(services, _splitterType, _createSplitter);
        var typed = ReadParameters(parameters);

        await foreach (var split in splitter.SplitAsync(typed, cursor, cancellationToken))
        {
            var payload = JsonSerializer.Serialize(split.Unit, WorkUnitsJson.Options);
            yield return new SplitItem(payload, split.Cursor);
        }
    }

    public override async Task<string> HandleAsync(IServiceProvider services, string payload, UnitContext context)
    {
        var handler = (IUnitHandler<TUnit, TResult>)Resolve(services, _handlerType, _createHandler);
        var unit = JsonSerializer.Deserialize<TUnit>(payload, WorkUnitsJson.Options)!;

        var result = await UnitPipeline.ExecuteAsync(
            static (call, token) => new ValueTask<TResult>(
                call.Handler.HandleAsync(call.Unit, call.Context.WithCancellationToken(token))),
            (Handler: handler, Unit: unit, Context: context),
            context.CancellationToken);

        return JsonSerializer.Serialize(result, WorkUnitsJson.Options);
    }

    public override async Task<JsonElement?> FinalizeAsync(
        IServiceProvider services,
        string parameters,
        IAsyncEnumerable<StoredUnitResult> results,
        FinalizeContext context)
    {
        if (_finalizerType is null || _createFinalizer is null)
        {
            return null;
        }

        var finalizer =
            (IJobFinalizer<TParameters, TResult, TJobResult>)Resolve(services, _finalizerType, _createFinalizer);

        var jobResult = await finalizer.FinalizeAsync(ReadParameters(parameters), ReadResults(results), context);

        return JsonSerializer.SerializeToElement(jobResult, WorkUnitsJson.Options);
    }

    private static async IAsyncEnumerable<UnitResult<TResult>> ReadResults(IAsyncEnumerable<StoredUnitResult> results)
    {
        await foreach (var stored in results)
        {
            var value = JsonSerializer.Deserialize<TResult>(stored.Result, WorkUnitsJson.Options)!;
            yield return new UnitResult<TResult>(stored.UnitIndex, value);
        }
    }

    /// <summary>Uses the container's registration when there is one, else builds the type from the container.</summary>
    private static object Resolve(IServiceProvider services, Type type, ObjectFactory create) =>
        services.GetService(type) ?? create(services, arguments: null);

    private static TParameters ReadParameters(string parameters) =>
        JsonSerializer.Deserialize<TParameters>(parameters, WorkUnitsJson.Options)!;

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private static ParameterProblem DescribeJsonProblem(JsonException exception)
    {
        var path = exception.Path is null or "$" ? string.Empty : exception.Path.TrimStart('$');
        var field = "parameters" + path;

        return exception.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? new ParameterProblem(field, "names a parameter this job type does not have: " + exception.Message)
            : new ParameterProblem(field, "has a value of the wrong type");
    }
}
