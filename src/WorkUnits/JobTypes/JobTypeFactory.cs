using System.Text.RegularExpressions;
using WorkUnits.Jobs;

namespace WorkUnits.JobTypes;

/// <summary>
/// Builds a <see cref="JobTypeRuntime"/> from the splitter, handler and finalizer classes a user wrote.
/// </summary>
internal static partial class JobTypeFactory
{
    public static JobTypeRuntime Create(string name, Type splitterType, Type handlerType, Type? finalizerType)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Job type name '{name}' is not valid: use lowercase letters, digits, '-', '_' or '.', "
                + "starting with a letter or digit, at most 100 characters.",
                nameof(name));
        }

        var splitter = FindInterface(splitterType, typeof(IJobSplitter<,>));
        var handler = FindInterface(handlerType, typeof(IUnitHandler<,>));
        var (parameters, unit) = (splitter[0], splitter[1]);
        var (handledUnit, result) = (handler[0], handler[1]);

        if (handledUnit != unit)
        {
            throw new ArgumentException(
                $"Job type '{name}': the splitter produces {unit.Name} but the handler takes {handledUnit.Name}.");
        }

        var jobResult = typeof(object);
        if (finalizerType is not null)
        {
            var finalizer = FindInterface(finalizerType, typeof(IJobFinalizer<,,>));
            if (finalizer[0] != parameters || finalizer[1] != result)
            {
                throw new ArgumentException(
                    $"Job type '{name}': the finalizer must implement "
                    + $"IJobFinalizer<{parameters.Name}, {result.Name}, TJobResult>.");
            }

            jobResult = finalizer[2];
        }

        var runtimeType = typeof(JobTypeRuntime<,,,>).MakeGenericType(parameters, unit, result, jobResult);
        return (JobTypeRuntime)Activator.CreateInstance(runtimeType, name, splitterType, handlerType, finalizerType)!;
    }

    private static Type[] FindInterface(Type implementation, Type openInterface)
    {
        var matches = implementation.GetInterfaces()
            .Where(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == openInterface)
            .ToArray();

        if (matches.Length != 1)
        {
            throw new ArgumentException(
                $"{implementation.Name} must implement {openInterface.Name.Split('`')[0]} exactly once.");
        }

        return matches[0].GetGenericArguments();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();
}
