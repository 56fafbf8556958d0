namespace Ociman;

/// <summary>The base of every exception Ociman throws for a failure of the engine or of its environment.</summary>
/// <remarks>
/// Misuse of the API (a null argument, an empty list where one item is required) throws the BCL's
/// <see cref="ArgumentException"/> family instead; text that does not parse as a value type throws
/// <see cref="FormatException"/> from <c>Parse</c>. Cancellation surfaces as
/// <see cref="OperationCanceledException"/> carrying the caller's token, never wrapped.
/// </remarks>
public abstract class OcimanException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    protected OcimanException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    protected OcimanException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when no container engine can be used: every probe failed, or the one that was asked for did.</summary>
public sealed class EngineUnavailableException : OcimanException
{
    /// <summary>Creates the exception from the probes that were tried.</summary>
    public EngineUnavailableException(string message, IReadOnlyList<EngineProbeFailure> probes)
        : base(message)
    {
        Probes = probes;
    }

    /// <summary>Every probe that was tried, in order, with why it failed.</summary>
    public IReadOnlyList<EngineProbeFailure> Probes { get; }
}

/// <summary>One failed engine probe: which engine, which command, and why it did not answer.</summary>
/// <param name="Kind">The engine that was probed.</param>
/// <param name="Command">The command line that was tried (or the executable that was looked for).</param>
/// <param name="Reason">Why the probe failed, in words, with the engine's own error text where there was one.</param>
public sealed record EngineProbeFailure(EngineKind Kind, string Command, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToCliName()}: `{Command}` — {Reason}";
}

/// <summary>Thrown when Ociman's configuration (the <c>OCIMAN_BACKEND</c> variable or the config file) is invalid.</summary>
public sealed class EngineConfigurationException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    public EngineConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when an engine command fails; carries the command line (secrets redacted), exit code and standard error.</summary>
public class EngineCommandException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    public EngineCommandException(string message, string commandLine, int exitCode, string standardError, Exception? innerException = null)
        : base(message, innerException)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The command line that failed, with secret values redacted.</summary>
    public string CommandLine { get; }

    /// <summary>The exit code of the engine's command-line process.</summary>
    public int ExitCode { get; }

    /// <summary>The standard error of the command, trimmed.</summary>
    public string StandardError { get; }
}

/// <summary>Thrown when a container or image that an operation needs does not exist.</summary>
public abstract class ResourceNotFoundException : EngineCommandException
{
    /// <summary>Creates the exception.</summary>
    protected ResourceNotFoundException(string message, string commandLine, int exitCode, string standardError)
        : base(message, commandLine, exitCode, standardError)
    {
    }
}

/// <summary>Thrown when a container does not exist (any more).</summary>
public sealed class ContainerNotFoundException : ResourceNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public ContainerNotFoundException(string container, string commandLine, int exitCode, string standardError)
        : base($"Container '{container}' does not exist. Command: {commandLine} (exit code {exitCode}).{Environment.NewLine}{standardError}", commandLine, exitCode, standardError)
    {
        Container = container;
    }

    /// <summary>The id or name that was looked for.</summary>
    public string Container { get; }
}

/// <summary>Thrown when an image does not exist locally, or a registry does not have it.</summary>
public sealed class ImageNotFoundException : ResourceNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public ImageNotFoundException(string image, string commandLine, int exitCode, string standardError)
        : base($"Image '{image}' was not found. Command: {commandLine} (exit code {exitCode}).{Environment.NewLine}{standardError}", commandLine, exitCode, standardError)
    {
        Image = image;
    }

    /// <summary>The image reference that was looked for.</summary>
    public string Image { get; }
}

/// <summary>Thrown when a container cannot start because its working directory does not exist in the image.</summary>
/// <remarks>
/// Docker creates a missing working directory (<see cref="ContainerDefinition.WithWorkingDirectory"/>) before it starts
/// the container; Podman 4 refuses to start it (exit code 126). Ociman reports Podman's refusal as this exception on
/// every run and create; create the directory in the image (<c>WORKDIR</c> or <c>RUN mkdir -p</c>) to run on both.
/// </remarks>
public sealed class WorkingDirectoryNotFoundException : EngineCommandException
{
    /// <summary>Creates the exception.</summary>
    public WorkingDirectoryNotFoundException(string workingDirectory, string engine, string commandLine, int exitCode, string standardError)
        : base(
            $"The working directory {ValueText.Quote(workingDirectory)} does not exist in the container, and {engine} does not create it (Docker does): create it in the image (WORKDIR or RUN mkdir -p). Command: {commandLine} (exit code {exitCode}).{Environment.NewLine}{standardError}",
            commandLine,
            exitCode,
            standardError)
    {
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The working directory that does not exist.</summary>
    public string WorkingDirectory { get; }
}

/// <summary>Thrown when a container cannot be created because its name is already taken.</summary>
public sealed class ContainerNameInUseException : EngineCommandException
{
    /// <summary>Creates the exception.</summary>
    public ContainerNameInUseException(string name, string commandLine, int exitCode, string standardError)
        : base($"The container name '{name}' is already in use. Choose another name, or remove the container that has it. Command: {commandLine} (exit code {exitCode}).{Environment.NewLine}{standardError}", commandLine, exitCode, standardError)
    {
        Name = name;
    }

    /// <summary>The name that is taken.</summary>
    public string Name { get; }
}

/// <summary>Thrown when a command run in a container with <c>exec</c> exits with a non-zero code.</summary>
public sealed class ExecFailedException : EngineCommandException
{
    /// <summary>Creates the exception.</summary>
    public ExecFailedException(string message, string commandLine, int exitCode, string standardOutput, string standardError)
        : base(message, commandLine, exitCode, standardError)
    {
        StandardOutput = standardOutput;
    }

    /// <summary>What the command wrote to standard output before it failed (decoded as UTF-8).</summary>
    public string StandardOutput { get; }
}

/// <summary>Thrown when an image build fails; the message carries the last lines of the engine's build output.</summary>
public sealed class ImageBuildException : EngineCommandException
{
    /// <summary>Creates the exception.</summary>
    public ImageBuildException(string message, string commandLine, int exitCode, string standardError)
        : base(message, commandLine, exitCode, standardError)
    {
    }
}

/// <summary>Thrown when a container port has no published host port.</summary>
public sealed class PortNotPublishedException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    public PortNotPublishedException(string container, int containerPort, string protocol)
        : base($"Container '{container}' does not publish port {containerPort}/{protocol} to the host. Add it with ContainerDefinition.WithPublish(...).")
    {
        Container = container;
        ContainerPort = containerPort;
        Protocol = protocol;
    }

    /// <summary>The container id.</summary>
    public string Container { get; }

    /// <summary>The container port that was asked for.</summary>
    public int ContainerPort { get; }

    /// <summary>The protocol, <c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; }
}
