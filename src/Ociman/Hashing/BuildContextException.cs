namespace Ociman;

/// <summary>Thrown when a build context directory cannot be read completely, or holds an entry a build context cannot carry.</summary>
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

    /// <summary>The full path of the entry that could not be hashed.</summary>
    public string Path { get; }
}
