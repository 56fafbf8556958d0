using System.Text.Json;

namespace Ociman.Transport.Cli;

/// <summary>How an engine's answer failed, read from its standard error.</summary>
internal enum FailureKind
{
    Other,
    NameInUse,
    NoSuchContainer,
    NoSuchImage,
    ManifestUnknown,
    WorkingDirectoryMissing,
    NoSuchNetwork,
    NetworkNameInUse,
}

/// <summary>Everything that differs between Docker and Podman, in one place per engine.</summary>
/// <remarks>
/// Flags, exit codes, stderr wording, <c>localhost/</c> prefixes, commit flags and JSON shapes that differ
/// live here and nowhere else; each is covered by unit tests and by the integration suite on the real engine.
/// </remarks>
/// <summary>How a build whose arguments include a name the engine CLI reads itself is carried out.</summary>
internal enum ReservedArgumentBuildRoute
{
    /// <summary><c>docker buildx bake</c> with the definition on standard input.</summary>
    BakeFromStandardInput,

    /// <summary>The build API of a private <c>podman system service</c>.</summary>
    PrivateServiceApi,
}

internal abstract class EngineDialect
{
    public static EngineDialect For(EngineKind kind) => kind switch
    {
        EngineKind.Docker => DockerDialect.Instance,
        EngineKind.Podman => PodmanDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engine kind."),
    };

    public abstract EngineKind Kind { get; }

    /// <summary>The arguments that ask whether the engine runs rootless.</summary>
    public abstract IReadOnlyList<string> RootlessProbeArguments { get; }

    /// <summary>The <c>info</c> arguments whose one line of output identifies the engine (the same daemon or store, however it is reached).</summary>
    public abstract IReadOnlyList<string> IdentityArguments { get; }

    /// <summary>Reads the rootless probe's output.</summary>
    public abstract bool ParseRootless(string output);

    /// <summary>The arguments that ask whether an image is present; see <see cref="ImageExistsFromExitCode"/>.</summary>
    public abstract IReadOnlyList<string> ImageExistsArguments(string reference);

    /// <summary>Present (true), absent (false) or an error (null) from the exists command's result.</summary>
    public abstract bool? ImageExistsFromExitCode(int exitCode, string standardError);

    /// <summary>The flags that make <c>container commit</c> pause or not pause the container.</summary>
    public abstract IReadOnlyList<string> CommitPauseArguments(EngineVersion version, bool pause);

    /// <summary>Arguments for <c>build</c> and <c>commit</c> that choose the image format.</summary>
    /// <remarks>
    /// Podman writes OCI images by default, which drop <c>HEALTHCHECK</c>, <c>STOPSIGNAL</c>-style Docker metadata and
    /// refuse commit messages; Ociman asks it for Docker-format images so both engines produce the same image.
    /// </remarks>
    public abstract IReadOnlyList<string> ImageFormatArguments { get; }

    /// <summary>
    /// The arguments that run a container's health check once and record the result, or null when the engine
    /// schedules checks itself in every setup.
    /// </summary>
    public virtual IReadOnlyList<string>? HealthCheckRunArguments(string containerId) => null;

    /// <summary>How a build with a build argument the CLI reads itself keeps that value off every command line.</summary>
    public abstract ReservedArgumentBuildRoute ReservedArgumentBuildRoute { get; }

    /// <summary>The arguments that remove a container at once, killing it if it runs (no graceful stop).</summary>
    public abstract IReadOnlyList<string> ForceRemoveArguments(string containerId);

    /// <summary>
    /// The <c>events</c> arguments that print the exit code of each exit of one container since a time, one per line
    /// (Docker's <c>die</c> event and its <c>exitCode</c> attribute; Podman's <c>died</c> event and its
    /// <c>ContainerExitCode</c>). Without <c>--until</c> the command goes on streaming: the caller ends it.
    /// </summary>
    public abstract IReadOnlyList<string> ExitEventArguments(string containerId, DateTimeOffset since);

    /// <summary>
    /// Why the engine could not start a command in a container (<c>exec</c> exit codes 126 and 127), or null when the
    /// exit code is the command's own. The engines print that reason on different streams.
    /// </summary>
    public abstract string? ExecStartFailure(int exitCode, string standardOutput, string standardError);

    /// <summary>The image reference a container was created from, read from its inspect document, as it was given.</summary>
    public virtual string ReadContainerImage(JsonElement inspect) =>
        inspect.TryGetProperty("Config", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("Image", out var i)
            ? i.GetString() ?? string.Empty
            : string.Empty;

    /// <summary>The name of the engine's default bridge network.</summary>
    public abstract string DefaultBridgeNetwork { get; }

    /// <summary>Reads the subnets out of <c>network inspect</c> of the default bridge.</summary>
    public abstract IReadOnlyList<string> ParseBridgeSubnets(JsonElement networkInspectArray);

    /// <summary>Whether a failed build may succeed when simply run again (a known transient failure of the engine).</summary>
    public virtual bool IsTransientBuildFailure(string output) => false;

    /// <summary>Classifies an engine failure by its standard error.</summary>
    public virtual FailureKind Classify(string standardError)
    {
        var lower = standardError.ToLowerInvariant();

        // A network name that is taken:
        //   Docker 26:  "Error response from daemon: network with name web already exists"
        //   Podman 4.3: "Error: network name web already used: network already exists"
        if (lower.Contains("network with name", StringComparison.Ordinal) && lower.Contains("already exists", StringComparison.Ordinal)
            || lower.Contains("network already exists", StringComparison.Ordinal))
        {
            return FailureKind.NetworkNameInUse;
        }

        if (lower.Contains("is already in use", StringComparison.Ordinal))
        {
            return FailureKind.NameInUse;
        }

        // A pull of a tag or repository the registry does not have (checked against the distribution registry 2.8):
        //   Docker 26: "Error response from daemon: manifest for 127.0.0.1:5000/ociman-it/absent:nope not found: manifest unknown: manifest unknown"
        //   Podman 4.3: "Error: initializing source docker://127.0.0.1:5000/ociman-it/absent:nope: reading manifest nope in
        //               127.0.0.1:5000/ociman-it/absent: manifest unknown: manifest unknown"
        // Other registries answer an unknown repository with NAME_UNKNOWN ("name unknown").
        if (lower.Contains("manifest unknown", StringComparison.Ordinal) || lower.Contains("name unknown", StringComparison.Ordinal))
        {
            return FailureKind.ManifestUnknown;
        }

        if (lower.Contains("no such container", StringComparison.Ordinal) || lower.Contains("no container with name or id", StringComparison.Ordinal))
        {
            return FailureKind.NoSuchContainer;
        }

        // A network that does not exist:
        //   Docker 26:  "Error response from daemon: network web not found" ("Error: No such network: web" from older clients)
        //   Podman 4.3: "Error: unable to find network with name or ID web: network not found"
        if (lower.Contains("no such network", StringComparison.Ordinal)
            || lower.Contains("network not found", StringComparison.Ordinal)
            || (lower.Contains("network ", StringComparison.Ordinal) && lower.Contains(" not found", StringComparison.Ordinal) && !lower.Contains("manifest", StringComparison.Ordinal)))
        {
            return FailureKind.NoSuchNetwork;
        }

        if (lower.Contains("no such image", StringComparison.Ordinal)
            || lower.Contains("image not known", StringComparison.Ordinal)
            || lower.Contains("unable to find image", StringComparison.Ordinal)
            || lower.Contains("repository does not exist", StringComparison.Ordinal))
        {
            return FailureKind.NoSuchImage;
        }

        // An image reference no registry can resolve, in each engine's words:
        //   Podman 4.3, short name:   'Error: short-name "app:1" did not resolve to an alias and no unqualified-search registries are defined …'
        //   Docker 26, private image: 'Error response from daemon: pull access denied for x, repository does not exist …'
        if (lower.Contains("did not resolve to an alias", StringComparison.Ordinal)
            || lower.Contains("pull access denied", StringComparison.Ordinal))
        {
            return FailureKind.NoSuchImage;
        }

        // Podman 4.3 refuses to start a container whose --workdir does not exist: 'Error: workdir "/x" does not exist on container …'.
        if (lower.Contains("workdir \"", StringComparison.Ordinal) && lower.Contains("does not exist on container", StringComparison.Ordinal))
        {
            return FailureKind.WorkingDirectoryMissing;
        }

        // The generic fallback must not catch a missing *file* in an existing container (Podman's `cp`: "…: no such file or directory").
        // Nor a registry host that does not resolve ("dial tcp: lookup registry-1.docker.io …: no such host").
        if ((lower.Contains("no such ", StringComparison.Ordinal) && !lower.Contains("no such file or directory", StringComparison.Ordinal)
                && !lower.Contains("no such host", StringComparison.Ordinal))
            || lower.Contains("not known", StringComparison.Ordinal))
        {
            return FailureKind.NoSuchContainer;
        }

        return FailureKind.Other;
    }

    /// <summary>
    /// Whether a failed run or create failed because its absent image could not be pulled (the registry could not be
    /// reached or refused). A run then means "the image is not present and could not be pulled"; a pull of its own
    /// reports an unreachable registry as an engine failure instead.
    /// </summary>
    /// <remarks>
    /// Checked with no registry reachable:
    /// Podman 4.3: 'Trying to pull docker.io/library/x:1... Error: initializing source docker://x:1: pinging container registry …';
    /// Docker 26 with <c>--pull always</c>: 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup …: no such host'.
    /// </remarks>
    public virtual bool IsFailedPullOfRun(string standardError)
    {
        var lower = standardError.ToLowerInvariant();
        return lower.Contains("initializing source docker://", StringComparison.Ordinal)
            || lower.Contains("trying to pull ", StringComparison.Ordinal)
            || (lower.Contains("error response from daemon: get \"http", StringComparison.Ordinal) && lower.Contains("/v2/", StringComparison.Ordinal));
    }

    /// <summary>Reads a container's health status from its inspect document (null when it has no health check).</summary>
    public virtual string? ReadHealthStatus(JsonElement state)
    {
        // TryGetProperty throws on anything but an object; a missing or null State has no health status.
        if (state.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["Health", "Healthcheck"])
        {
            if (state.TryGetProperty(name, out var health) && health.ValueKind == JsonValueKind.Object
                && health.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.String
                && status.GetString() is { Length: > 0 } s)
            {
                return s;
            }
        }

        return null;
    }
}

internal sealed class DockerDialect : EngineDialect
{
    public static readonly DockerDialect Instance = new();

    public override EngineKind Kind => EngineKind.Docker;

    public override IReadOnlyList<string> RootlessProbeArguments { get; } =
        ["info", "--format", "{{range .SecurityOptions}}{{println .}}{{end}}"];

    // The daemon's own id (a UUID kept in its data root) and that data root.
    public override IReadOnlyList<string> IdentityArguments { get; } = ["info", "--format", "{{.ID}}|{{.DockerRootDir}}"];

    // Docker lists security options as comma-separated key=value fields, e.g. "name=seccomp,profile=builtin" and "name=rootless".
    public override bool ParseRootless(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(line => line.Split(',').Any(field => field.Trim() == "name=rootless"));

    // `image ls --filter reference=` globs the familiar name and misses fully qualified references; inspect does not.
    public override IReadOnlyList<string> ImageExistsArguments(string reference) => ["image", "inspect", "--format", "{{.Id}}", reference];

    public override bool? ImageExistsFromExitCode(int exitCode, string standardError) =>
        exitCode == 0 ? true : Classify(standardError) == FailureKind.NoSuchImage ? false : null;

    // Docker pauses by default; 29 and later spell "don't pause" as --no-pause, earlier versions as --pause=false.
    public override IReadOnlyList<string> CommitPauseArguments(EngineVersion version, bool pause) =>
        pause ? [] : version.IsAtLeast(29) ? ["--no-pause"] : ["--pause=false"];

    public override IReadOnlyList<string> ImageFormatArguments { get; } = [];

    public override ReservedArgumentBuildRoute ReservedArgumentBuildRoute => ReservedArgumentBuildRoute.BakeFromStandardInput;

    // Docker's rm --force kills at once (SIGKILL); it has no --time option.
    public override IReadOnlyList<string> ForceRemoveArguments(string containerId) => ["container", "rm", "--force", containerId];

    public override IReadOnlyList<string> ExitEventArguments(string containerId, DateTimeOffset since) =>
        ["events", "--since", ExitEvents.Since(since), "--filter", $"container={containerId}", "--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}"];

    // Docker prints "OCI runtime exec failed: …" on standard output and exits with 126 (or 127) when the runtime could
    // not start the command (missing program or working directory).
    public override string? ExecStartFailure(int exitCode, string standardOutput, string standardError) =>
        exitCode is 126 or 127 && standardOutput.Contains("OCI runtime exec failed", StringComparison.Ordinal)
            ? standardOutput.Trim()
            : null;

    public override string DefaultBridgeNetwork => "bridge";

    public override IReadOnlyList<string> ParseBridgeSubnets(JsonElement networkInspectArray)
    {
        var subnets = new List<string>();
        foreach (var network in networkInspectArray.EnumerateArray())
        {
            if (network.TryGetProperty("IPAM", out var ipam) && ipam.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in config.EnumerateArray())
                {
                    if (entry.TryGetProperty("Subnet", out var subnet) && subnet.GetString() is { Length: > 0 } s)
                    {
                        subnets.Add(s);
                    }
                }
            }
        }

        return subnets;
    }
}

internal sealed class PodmanDialect : EngineDialect
{
    public static readonly PodmanDialect Instance = new();

    public override EngineKind Kind => EngineKind.Podman;

    public override IReadOnlyList<string> RootlessProbeArguments { get; } = ["info", "--format", "{{.Host.Security.Rootless}}"];

    // Podman has no daemon id (its service's compatible /info makes up a new one per call): its image store and host.
    public override IReadOnlyList<string> IdentityArguments { get; } = ["info", "--format", "{{.Store.GraphRoot}}|{{.Host.Hostname}}"];

    public override bool ParseRootless(string output) => output.Trim() switch
    {
        "true" => true,
        "false" => false,
        var other => throw new FormatException($"'{other}' is not what `podman info --format {{{{.Host.Security.Rootless}}}}` prints: expected 'true' or 'false'."),
    };

    public override IReadOnlyList<string> ImageExistsArguments(string reference) => ["image", "exists", "--", reference];

    // podman image exists: 0 present, 1 absent, anything else an error.
    public override bool? ImageExistsFromExitCode(int exitCode, string standardError) => exitCode switch
    {
        0 => true,
        1 => false,
        _ => null,
    };

    // Podman does not pause by default; --pause asks for it.
    public override IReadOnlyList<string> CommitPauseArguments(EngineVersion version, bool pause) => pause ? ["--pause"] : [];

    public override IReadOnlyList<string> ImageFormatArguments { get; } = ["--format", "docker"];

    // Podman 4.3's build has no --build-arg-file; its service's build API takes the arguments in the request.
    public override ReservedArgumentBuildRoute ReservedArgumentBuildRoute => ReservedArgumentBuildRoute.PrivateServiceApi;

    // Podman 4's rm --force stops gracefully first (SIGTERM, 10 s) unless told to wait 0 seconds.
    public override IReadOnlyList<string> ForceRemoveArguments(string containerId) => ["container", "rm", "--force", "--time", "0", containerId];

    public override IReadOnlyList<string> ExitEventArguments(string containerId, DateTimeOffset since) =>
        ["events", "--since", ExitEvents.Since(since), "--filter", $"container={containerId}", "--filter", "event=died", "--format", "{{.ContainerExitCode}}"];

    // Podman prints "Error: runc: exec failed: …" (or crun's equivalent) on standard error with 126 or 127.
    public override string? ExecStartFailure(int exitCode, string standardOutput, string standardError) =>
        exitCode is 126 or 127 && standardError.StartsWith("Error: ", StringComparison.Ordinal)
            && (standardError.Contains("exec failed", StringComparison.Ordinal) || standardError.Contains("OCI runtime", StringComparison.Ordinal))
            ? standardError.Trim()
            : null;

    // Podman records short names with the localhost/ it resolved them to ("app:1" becomes "localhost/app:1"); Docker
    // keeps the reference as given. Both report it as given: the prefix Podman added is removed.
    public override string ReadContainerImage(JsonElement inspect)
    {
        var image = base.ReadContainerImage(inspect);
        return image.StartsWith("localhost/", StringComparison.Ordinal) ? image["localhost/".Length..] : image;
    }

    // Podman's build cache lookup races with concurrent image removal (another process pruning or removing an image
    // whose layers a cached step pointed at): "checking if cached image exists from a previous build: … layer not known".
    public override bool IsTransientBuildFailure(string output) =>
        output.Contains("checking if cached image exists", StringComparison.Ordinal) && output.Contains("layer not known", StringComparison.Ordinal);

    // Podman schedules health checks with systemd timers; without systemd (containers, minimal hosts) no check ever
    // runs and the status stays "starting". `healthcheck run` runs one check and records its result.
    public override IReadOnlyList<string>? HealthCheckRunArguments(string containerId) => ["healthcheck", "run", containerId];

    public override string DefaultBridgeNetwork => "podman";

    public override IReadOnlyList<string> ParseBridgeSubnets(JsonElement networkInspectArray)
    {
        var subnets = new List<string>();
        foreach (var network in networkInspectArray.EnumerateArray())
        {
            if (network.TryGetProperty("subnets", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in list.EnumerateArray())
                {
                    if (entry.TryGetProperty("subnet", out var subnet) && subnet.GetString() is { Length: > 0 } s)
                    {
                        subnets.Add(s);
                    }
                }
            }
        }

        return subnets;
    }
}
