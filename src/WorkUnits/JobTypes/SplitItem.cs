namespace WorkUnits.JobTypes;

/// <summary>A unit as the dispatcher sees it: already serialized, with the cursor that resumes after it.</summary>
internal readonly record struct SplitItem(string Payload, string Cursor);
