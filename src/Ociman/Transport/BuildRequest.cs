namespace Ociman.Transport;

/// <summary>A build as every transport receives it: the reference to tag, and either a context directory or inline instructions.</summary>
/// <param name="Tag">The reference the built image gets.</param>
/// <param name="ContextDirectory">The build context, or null for an inline build without context.</param>
/// <param name="DockerfilePath">The Dockerfile, or null for the context's <c>Dockerfile</c> (or the inline instructions).</param>
/// <param name="Instructions">Inline Dockerfile instructions, or null to read a Dockerfile.</param>
/// <param name="Target">The stage to build, or null for the last.</param>
/// <param name="BuildArguments">Build arguments; their values are secret (never on a command line or in a log).</param>
/// <param name="Labels">Labels the image gets.</param>
/// <param name="NoCache">Whether to build without the engine's layer cache.</param>
internal sealed record BuildRequest(
    ImageReference Tag,
    string? ContextDirectory,
    string? DockerfilePath,
    string? Instructions,
    string? Target,
    IReadOnlyList<KeyValuePair<string, string>> BuildArguments,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    bool NoCache)
{
    /// <summary>Called with each line of the engine's progress as it comes (from two threads at once on the CLI), or null.</summary>
    public Action<string>? Progress { get; init; }
}
