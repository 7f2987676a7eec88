namespace WorkUnits.Jobs;

/// <summary>Folds a job's unit results into the job's result, once, after every unit has ended.</summary>
/// <typeparam name="TParameters">The job's parameters.</typeparam>
/// <typeparam name="TUnitResult">The unit handler's result type.</typeparam>
/// <typeparam name="TJobResult">The job's result; it is serialized as JSON.</typeparam>
public interface IJobFinalizer<in TParameters, TUnitResult, TJobResult>
{
    /// <summary>Computes the job's result.</summary>
    /// <param name="parameters">The job's parameters.</param>
    /// <param name="results">The results of the units that succeeded, in unit order, streamed from the store.</param>
    /// <param name="context">The job's counts and a cancellation token.</param>
    /// <returns>The job's result.</returns>
    Task<TJobResult> FinalizeAsync(
        TParameters parameters,
        IAsyncEnumerable<UnitResult<TUnitResult>> results,
        FinalizeContext context);
}
