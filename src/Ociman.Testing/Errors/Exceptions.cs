namespace Ociman.Testing;

/// <summary>Thrown when a fixture's container could not be started, made ready or seeded; the message carries the container's recent logs.</summary>
public class ContainerStartupException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    public ContainerStartupException(string message, string? recentLogs = null, Exception? innerException = null)
        : base(recentLogs is { Length: > 0 } ? $"{message}{Environment.NewLine}Last log lines of the container:{Environment.NewLine}{recentLogs}" : message, innerException)
    {
        RecentLogs = recentLogs ?? string.Empty;
    }

    /// <summary>The container's last log lines when the failure happened (empty when there was no container).</summary>
    public string RecentLogs { get; }
}

/// <summary>Thrown when a container did not become ready before the deadline.</summary>
public sealed class ContainerNotReadyException : ContainerStartupException
{
    /// <summary>Creates the exception.</summary>
    public ContainerNotReadyException(string message, string recentLogs)
        : base(message, recentLogs)
    {
    }
}

/// <summary>Thrown when a container exited while Ociman waited for it to become ready.</summary>
public sealed class ContainerExitedException : ContainerStartupException
{
    /// <summary>Creates the exception.</summary>
    public ContainerExitedException(string message, int exitCode, string recentLogs)
        : base(message, recentLogs)
    {
        ExitCode = exitCode;
    }

    /// <summary>The container's exit code.</summary>
    public int ExitCode { get; }
}

/// <summary>Thrown when a seed step failed; nothing it started or committed is left behind.</summary>
public sealed class SeedFailedException : ContainerStartupException
{
    /// <summary>Creates the exception.</summary>
    public SeedFailedException(string message, string recentLogs, Exception innerException)
        : base(message, recentLogs, innerException)
    {
    }
}

/// <summary>Thrown when a seed step had not finished when the setup's seeding deadline passed; the step was interrupted and the container removed.</summary>
public sealed class SeedTimeoutException : ContainerStartupException
{
    /// <summary>Creates the exception.</summary>
    public SeedTimeoutException(string message, string step, TimeSpan timeout, string recentLogs)
        : base(message, recentLogs)
    {
        Step = step;
        Timeout = timeout;
    }

    /// <summary>The description of the seed step that was running.</summary>
    public string Step { get; }

    /// <summary>The seeding deadline that passed.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>Thrown when tests need a container engine and none answers, and skipping is not allowed (<c>CI</c> or <c>OCIMAN_REQUIRE_ENGINE=1</c>).</summary>
public sealed class EngineRequiredException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    public EngineRequiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
