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

/// <summary>Thrown when the engine failed an operation; says which operation, on which engine, and why, on every transport.</summary>
/// <remarks>
/// What a transport knows beyond that is on a subtype: the command-line transport throws
/// <see cref="EngineCommandException"/> (command line, exit code, standard error). The typed failures
/// (<see cref="ContainerNotFoundException"/>, <see cref="ImageNotFoundException"/>, <see cref="ExecFailedException"/>…)
/// derive from this type and are thrown the same on every transport; the transport's own failure, when there is one,
/// is their <see cref="Exception.InnerException"/>.
/// </remarks>
public class EngineOperationException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message: what failed, why, and what to do.</param>
    /// <param name="operation">The operation that failed, e.g. <c>container rm</c> or <c>image pull</c>.</param>
    /// <param name="engine">The engine that failed it.</param>
    /// <param name="reason">Why it failed, in the engine's own words (trimmed; secrets never included).</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public EngineOperationException(string message, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        Engine = engine;
        Reason = reason;
    }

    /// <summary>The operation that failed, e.g. <c>container rm</c> or <c>image pull</c>.</summary>
    /// <remarks>Named as the engine's command-line tool names it (<c>container rm</c>, <c>image pull</c>, <c>build</c>), on every transport.</remarks>
    public string Operation { get; }

    /// <summary>The engine that failed it.</summary>
    public EngineKind Engine { get; }

    /// <summary>Why it failed, in the engine's own words (trimmed).</summary>
    public string Reason { get; }

    /// <summary>The end of a typed failure's message: where it failed (the command line on the CLI transport) and the engine's words.</summary>
    private protected static string Describe(string operation, EngineKind engine, string reason, Exception? innerException) =>
        innerException is EngineCommandException command
            ? $" Command: {command.CommandLine} (exit code {command.ExitCode}).{Environment.NewLine}{command.StandardError}"
            : $" Operation: {engine.ToCliName()} {operation}.{Environment.NewLine}{reason}";
}

/// <summary>Thrown when the engine did not answer an operation within the bound Ociman gives it; names the operation, the engine and the bound.</summary>
/// <remarks>
/// Probes and housekeeping (image exists, container list and exists, the orphan sweep, removal on dispose) are bounded
/// by <see cref="EngineOptions.ProbeTimeout"/> and <see cref="EngineOptions.HousekeepingTimeout"/>. When the bound
/// expires, the engine's command (or API call) is interrupted and this is thrown instead of waiting for an engine that
/// may never answer (a frozen daemon, a hung command-line tool).
/// </remarks>
public sealed class EngineTimeoutException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The operation that did not finish, e.g. <c>container list</c>.</param>
    /// <param name="engine">The engine that did not answer.</param>
    /// <param name="bound">How long Ociman waited.</param>
    /// <param name="innerException">The interruption, or null.</param>
    public EngineTimeoutException(string operation, EngineKind engine, TimeSpan bound, Exception? innerException = null)
        : base(
            $"{engine.ToCliName()} did not finish '{operation}' within {FormatBound(bound)}; the operation was interrupted. The engine (its daemon or its command-line tool) may be hung or overloaded: check it with `{engine.ToCliName()} info`, or raise the bound with EngineOptions.{nameof(EngineOptions.HousekeepingTimeout)} or {nameof(EngineOptions.ProbeTimeout)}.",
            operation,
            engine,
            $"no answer within {FormatBound(bound)}",
            innerException)
    {
        Bound = bound;
    }

    /// <summary>How long Ociman waited for the engine.</summary>
    public TimeSpan Bound { get; }

    internal static string FormatBound(TimeSpan bound) => bound.TotalSeconds >= 1
        ? $"{bound.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} s"
        : $"{bound.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms";
}

/// <summary>Thrown when a command of the engine's command-line tool fails; carries the command line (secrets redacted), exit code and standard error.</summary>
/// <remarks>Only the command-line transport throws this type; catch <see cref="EngineOperationException"/> to handle a failure on any transport.</remarks>
public class EngineCommandException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="operation">The operation that failed, e.g. <c>container rm</c>.</param>
    /// <param name="engine">The engine whose tool failed.</param>
    /// <param name="commandLine">The command line, with secret values redacted.</param>
    /// <param name="exitCode">The tool's exit code.</param>
    /// <param name="standardError">The tool's standard error.</param>
    /// <param name="innerException">The exception that caused it, or null.</param>
    public EngineCommandException(string message, string operation, EngineKind engine, string commandLine, int exitCode, string standardError, Exception? innerException = null)
        : base(message, operation, engine, standardError.Trim(), innerException)
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
public abstract class ResourceNotFoundException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    protected ResourceNotFoundException(string message, string operation, EngineKind engine, string reason, Exception? innerException)
        : base(message, operation, engine, reason, innerException)
    {
    }
}

/// <summary>Thrown when a container does not exist (any more).</summary>
public sealed class ContainerNotFoundException : ResourceNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="container">The id or name that was looked for.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public ContainerNotFoundException(string container, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base($"Container '{container}' does not exist.{Describe(operation, engine, reason, innerException)}", operation, engine, reason, innerException)
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
    /// <param name="image">The image reference that was looked for.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public ImageNotFoundException(string image, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base($"Image '{image}' was not found.{Describe(operation, engine, reason, innerException)}", operation, engine, reason, innerException)
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
public sealed class WorkingDirectoryNotFoundException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="workingDirectory">The working directory that does not exist.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine that refused.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public WorkingDirectoryNotFoundException(string workingDirectory, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base(
            $"The working directory {ValueText.Quote(workingDirectory)} does not exist in the container, and {engine.ToCliName()} does not create it (Docker does): create it in the image (WORKDIR or RUN mkdir -p).{Describe(operation, engine, reason, innerException)}",
            operation,
            engine,
            reason,
            innerException)
    {
        WorkingDirectory = workingDirectory;
    }

    /// <summary>The working directory that does not exist.</summary>
    public string WorkingDirectory { get; }
}

/// <summary>Thrown when a container cannot be created because its name is already taken.</summary>
public sealed class ContainerNameInUseException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The name that is taken.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public ContainerNameInUseException(string name, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base($"The container name '{name}' is already in use. Choose another name, or remove the container that has it.{Describe(operation, engine, reason, innerException)}", operation, engine, reason, innerException)
    {
        Name = name;
    }

    /// <summary>The name that is taken.</summary>
    public string Name { get; }
}

/// <summary>Thrown when a network does not exist.</summary>
public sealed class NetworkNotFoundException : ResourceNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="network">The id or name that was looked for.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public NetworkNotFoundException(string network, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base($"Network '{network}' does not exist.{Describe(operation, engine, reason, innerException)}", operation, engine, reason, innerException)
    {
        Network = network;
    }

    /// <summary>The id or name that was looked for.</summary>
    public string Network { get; }
}

/// <summary>Thrown when a network cannot be created because its name is already taken.</summary>
public sealed class NetworkNameInUseException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The name that is taken.</param>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words.</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public NetworkNameInUseException(string name, string operation, EngineKind engine, string reason, Exception? innerException = null)
        : base($"The network name '{name}' is already in use. Choose another name (NetworkDefinition.Unique), or remove the network that has it.{Describe(operation, engine, reason, innerException)}", operation, engine, reason, innerException)
    {
        Name = name;
    }

    /// <summary>The name that is taken.</summary>
    public string Name { get; }
}

/// <summary>Thrown when a command run in a container with <c>exec</c> exits with a non-zero code.</summary>
/// <remarks>The exit code and output are the command's own, the same on every transport.</remarks>
public sealed class ExecFailedException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="engine">The engine the container runs on.</param>
    /// <param name="containerId">The container the command ran in.</param>
    /// <param name="command">The command as run in the container (program and arguments, quoted where needed; no environment values).</param>
    /// <param name="exitCode">The command's exit code.</param>
    /// <param name="standardOutput">What the command wrote to standard output (UTF-8).</param>
    /// <param name="standardError">What the command wrote to standard error (UTF-8).</param>
    public ExecFailedException(string message, EngineKind engine, string containerId, string command, int exitCode, string standardOutput, string standardError)
        : base(message, "exec", engine, standardError.Trim())
    {
        ContainerId = containerId;
        Command = command;
        ExitCode = exitCode;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    /// <summary>The container the command ran in.</summary>
    public string ContainerId { get; }

    /// <summary>The command as run in the container: program and arguments, quoted where needed (environment values never appear).</summary>
    public string Command { get; }

    /// <summary>The command's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What the command wrote to standard output before it failed (decoded as UTF-8).</summary>
    public string StandardOutput { get; }

    /// <summary>What the command wrote to standard error (decoded as UTF-8).</summary>
    public string StandardError { get; }
}

/// <summary>Thrown when an image build fails; the message carries the last lines of the engine's build output.</summary>
/// <remarks>On the command-line transport the failed command (line, exit code, standard error) is the <see cref="Exception.InnerException"/>.</remarks>
public sealed class ImageBuildException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message, with the last lines of the build output.</param>
    /// <param name="image">The reference being built.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="reason">The engine's own words (its standard error, or the API's error).</param>
    /// <param name="innerException">The transport's own failure, or null.</param>
    public ImageBuildException(string message, string image, EngineKind engine, string reason, Exception? innerException = null)
        : base(message, "build", engine, reason, innerException)
    {
        Image = image;
    }

    /// <summary>The reference being built.</summary>
    public string Image { get; }
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
