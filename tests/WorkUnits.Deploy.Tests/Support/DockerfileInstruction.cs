namespace WorkUnits.Deploy.Tests.Support;

/// <summary>One Dockerfile instruction with its continuation lines joined.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments);
