namespace Ociman;

/// <summary>Thrown when a build's inputs cannot be read or are invalid: an unreadable context, an entry a build context cannot carry, an invalid <c>.dockerignore</c>, a missing Dockerfile, or an <c>ARG</c> that expands past the bound.</summary>
/// <remarks>
/// The content-addressed tag must cover everything the engine would receive, so an unreadable file or directory is an error rather than
/// something silently left out. Named pipes, sockets and device files cannot be sent to an engine; remove them from the context or add
/// them to <c>.dockerignore</c>.
/// </remarks>
public sealed class BuildContextException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the path.</param>
    /// <param name="path">The path of the entry that could not be hashed.</param>
    /// <param name="innerException">The file system error, if there was one.</param>
    public BuildContextException(string message, string path, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The full path of the entry or file concerned (<c>Dockerfile</c> for a Dockerfile given as text).</summary>
    public string Path { get; }

    /// <summary>The error for a Dockerfile that cannot be read: missing (removed before the build?) or unreadable.</summary>
    internal static BuildContextException ForDockerfile(string path, Exception innerException) => new(
        innerException is FileNotFoundException or DirectoryNotFoundException
            ? $"The Dockerfile '{path}' does not exist (was it removed before the build?)."
            : $"Cannot read the Dockerfile '{path}': {innerException.Message}",
        path,
        innerException);
}
