using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ociman.Engines;
using Ociman.Logging;
using Ociman.Transport;
using Ociman.Transport.Endpoints;

namespace Ociman;

/// <summary>Options for <see cref="Engine.DetectAsync(EngineOptions?, CancellationToken)"/> and <see cref="Engine.ConnectAsync"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>Where Ociman's logs go; by default nowhere.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Reads an environment variable; by default <see cref="Environment.GetEnvironmentVariable(string)"/>.
    /// Detection reads <c>OCIMAN_BACKEND</c>, <c>XDG_CONFIG_HOME</c> and <c>HOME</c> through it.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How Ociman reaches the engine; <see cref="EngineTransport.Auto"/> (the default) lets Ociman choose.</summary>
    /// <remarks>
    /// <see cref="EngineTransport.Auto"/> defers to the <c>OCIMAN_TRANSPORT</c> variable (<c>cli</c>, <c>api</c> or
    /// <c>auto</c>) when it is set; Ociman's own choice is the engine's API when its socket answers (Docker's socket,
    /// a TCP endpoint, or Podman's service socket while <c>podman system service</c> runs), else its command-line tool.
    /// </remarks>
    public EngineTransport Transport { get; init; } = EngineTransport.Auto;

    /// <summary>The config file to read instead of <c>$XDG_CONFIG_HOME/ociman.toml</c> or <c>~/.config/ociman.toml</c>.</summary>
    public string? ConfigFilePath { get; init; }

    /// <summary>The executable to run for each engine, instead of <c>docker</c> or <c>podman</c> looked up on PATH.</summary>
    public IReadOnlyDictionary<EngineKind, string> Executables { get; init; } = new Dictionary<EngineKind, string>();

    /// <summary>Labels the engine adds to every container it runs or creates (empty by default).</summary>
    /// <remarks>
    /// A label the container's definition sets itself keeps the definition's value. Keys and values are validated like
    /// <see cref="ContainerDefinition.WithLabel"/>'s when the property is set. The testing layer's engine
    /// (<c>TestEngine</c>) sets the test session's labels here, so that every container a test starts carries them.
    /// </remarks>
    /// <exception cref="ArgumentException">A key is not a valid label key, or a value is not a valid label value; the message names it.</exception>
    public IReadOnlyDictionary<string, string> ContainerLabels
    {
        get;
        init => field = ValidateLabels(value);
    } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>How long each engine probe (the tool's version and the engine's info, or the API's version and info) may take; 30 s by default.</summary>
    /// <remarks>
    /// An engine that does not answer within this bound (a frozen daemon, a command-line tool that hangs) is abandoned:
    /// its probe is interrupted and counted as failed, so <see cref="Engine.DetectAsync(EngineOptions?, CancellationToken)"/>
    /// goes on to the next engine (and logs why), and an engine chosen by <c>OCIMAN_BACKEND</c> or
    /// <see cref="Engine.ConnectAsync"/> fails with <see cref="EngineUnavailableException"/> naming the bound.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan ProbeTimeout
    {
        get;
        init => field = Positive(value);
    } = TimeSpan.FromSeconds(30);

    /// <summary>How long a housekeeping operation may take; 60 s by default.</summary>
    /// <remarks>
    /// Housekeeping is what Ociman does around the user's own operations: whether an image or a container exists,
    /// listing containers, the removal of labelled containers (the orphan sweep), and the forced removal when a
    /// container is disposed or a <see cref="Engine.WithContainerAsync{T}"/> scope ends. Past the bound the operation is
    /// interrupted and fails with <see cref="EngineTimeoutException"/> (disposal logs it instead of throwing). The
    /// user's own operations (run, exec, build, wait, logs) have no bound of their own: pass a token to bound them.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan HousekeepingTimeout
    {
        get;
        init => field = Positive(value);
    } = TimeSpan.FromSeconds(60);

    /// <summary>The engine's command-line tool: the path in <see cref="Executables"/>, else <c>docker</c> or <c>podman</c> on PATH.</summary>
    internal string ExecutableFor(EngineKind kind) => Executables.TryGetValue(kind, out var path) ? path : kind.ToCliName();

    private static TimeSpan Positive(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string property = "") =>
        value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
            ? value
            : throw new ArgumentOutOfRangeException(property, value, $"{nameof(EngineOptions)}.{property} must be positive and at most {int.MaxValue} ms; it is {value}.");

    // "value": the parameter of the init accessor this validates for.
    private static ImmutableSortedDictionary<string, string> ValidateLabels(IReadOnlyDictionary<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var valid = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, text) in value)
        {
            try
            {
                var label = new Label(LabelKey.Parse(key), text);
                valid[label.Key.ToString()] = label.Value;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new ArgumentException($"{nameof(EngineOptions)}.{nameof(ContainerLabels)} holds an invalid label: {ex.Message}", nameof(value), ex);
            }
        }

        return valid.ToImmutable();
    }
}

/// <summary>A container engine (Docker or Podman) and everything Ociman can ask of it.</summary>
/// <remarks>
/// Get one with <see cref="DetectAsync(EngineOptions?, CancellationToken)"/>, which honours <c>OCIMAN_BACKEND</c>
/// (<c>docker</c> or <c>podman</c>, no fallback), then <c>default_backend</c> in <c>ociman.toml</c>, then probes
/// Docker and Podman in turn. An engine is immutable and safe to share between threads and tests.
/// </remarks>
public sealed partial class Engine
{
    private Engine(TransportConnection connection, string executablePath, ILoggerFactory loggerFactory, IReadOnlyDictionary<string, string> containerLabels, TimeSpan housekeepingTimeout)
    {
        HousekeepingTimeout = housekeepingTimeout;
        ContainerLabels = containerLabels;
        Kind = connection.Kind;
        Version = connection.Version;
        IsRootless = connection.IsRootless;
        Transport = connection.Transport;
        Endpoint = connection.Endpoint ?? EngineEndpoint.Default(connection.Kind);
        ExecutablePath = executablePath;
        LoggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger(LogCategories.Engine);
        Operations = connection.Operations;
    }

    /// <summary>An engine that was never probed, for unit tests of what Ociman renders; constructing it starts no process.</summary>
    internal static Engine CreateForTesting(EngineKind kind, EngineVersion version, bool isRootless = false, IReadOnlyDictionary<string, string>? containerLabels = null, EngineEndpoint? endpoint = null)
    {
        var options = new EngineOptions { ContainerLabels = containerLabels ?? ImmutableSortedDictionary<string, string>.Empty };
        var connection = TransportSelection.Unprobed(kind, version, isRootless, options) with { Endpoint = endpoint };
        return new(connection, options.ExecutableFor(kind), options.LoggerFactory, options.ContainerLabels, options.HousekeepingTimeout);
    }

    /// <summary>Where the engine is reached (<c>DOCKER_HOST</c>, a Docker context, <c>CONTAINER_HOST</c>, a Podman connection, or the local default), and the host its published ports are reached at.</summary>
    /// <remarks>
    /// For an endpoint that is not local (<see cref="EngineEndpoint.IsLocal"/>: TCP or SSH),
    /// <see cref="ContainerDefinition.WithPublishedPort"/> publishes on all of the engine's addresses instead of its
    /// 127.0.0.1, and tests connect to <see cref="EngineEndpoint.PublishedPortHost"/>.
    /// </remarks>
    public EngineEndpoint Endpoint { get; }

    /// <summary>Which engine this is.</summary>
    public EngineKind Kind { get; }

    /// <summary>The engine's version, as the transport that answered reports it.</summary>
    public EngineVersion Version { get; }

    /// <summary>Whether the engine runs rootless (probed once when the engine was detected).</summary>
    public bool IsRootless { get; }

    /// <summary>How Ociman reaches this engine (never <see cref="EngineTransport.Auto"/>: the transport that answered).</summary>
    public EngineTransport Transport { get; }

    /// <summary>The engine's command-line tool: <c>docker</c>, <c>podman</c> or the path given in <see cref="EngineOptions.Executables"/>.</summary>
    public string ExecutablePath { get; }

    /// <summary>The host name by which a container reaches the host (<c>host.docker.internal</c> or <c>host.containers.internal</c>).</summary>
    /// <remarks>On Docker a container needs <c>--add-host host.docker.internal:host-gateway</c>; see <see cref="WithHostGateway"/>.</remarks>
    public string HostGatewayName => Kind.HostGateway().HostName;

    /// <summary>The labels this engine adds to every container it runs or creates (<see cref="EngineOptions.ContainerLabels"/>).</summary>
    public IReadOnlyDictionary<string, string> ContainerLabels { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>The bound of housekeeping operations (<see cref="EngineOptions.HousekeepingTimeout"/>).</summary>
    internal TimeSpan HousekeepingTimeout { get; }

    internal ILogger Logger { get; }

    /// <summary>Every operation, through the transport that answered the probe.</summary>
    internal IEngineOperations Operations { get; }

    /// <summary>Finds the engine to use, per <c>OCIMAN_BACKEND</c>, the config file, then automatic detection.</summary>
    /// <exception cref="EngineConfigurationException"><c>OCIMAN_BACKEND</c>, <c>OCIMAN_TRANSPORT</c> or the config file holds an invalid value.</exception>
    /// <exception cref="EngineUnavailableException">No allowed engine answered; the exception lists every probe and why it failed.</exception>
    /// <exception cref="EngineEndpointException">An endpoint setting (<c>DOCKER_HOST</c>, a Docker context, <c>CONTAINER_HOST</c>, a Podman connection) is invalid; see <see cref="Endpoint"/>.</exception>
    public static async Task<Engine> DetectAsync(EngineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EngineOptions();
        var selection = EngineSelection.Resolve(
            options.GetEnvironmentVariable(EngineSelection.BackendVariable),
            () => ConfigFile.Read(options.ConfigFilePath ?? ConfigFile.GetPath(options.GetEnvironmentVariable)));

        var failures = new List<EngineProbeFailure>();
        var logger = options.LoggerFactory.CreateLogger(LogCategories.Engine);
        var transport = TransportSelection.For(options);
        foreach (var kind in selection.Candidates)
        {
            var (engine, failure) = await ProbeAsync(transport, kind, options, cancellationToken).ConfigureAwait(false);
            if (engine is not null)
            {
                Log.EngineSelected(logger, kind.ToCliName(), engine.Version.ToString(), engine.IsRootless, selection.Description);
                return engine;
            }

            Log.ProbeFailed(logger, kind.ToCliName(), failure!.Reason);
            failures.Add(failure);
        }

        throw new EngineUnavailableException(
            $"No container engine is available (selected by {selection.Description}). Tried:{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures.Select(f => "  - " + f))
            + $"{Environment.NewLine}Install and start Docker or Podman (on Debian: eng/provision-engines.sh), or set OCIMAN_BACKEND to the engine you have.",
            failures);
    }

    /// <summary>Uses the given engine, probing it once; no fallback to another engine.</summary>
    /// <exception cref="EngineUnavailableException">The engine did not answer.</exception>
    /// <exception cref="EngineEndpointException">The engine's endpoint setting is invalid; see <see cref="Endpoint"/>.</exception>
    public static async Task<Engine> ConnectAsync(EngineKind kind, EngineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EngineOptions();
        var (engine, failure) = await ProbeAsync(TransportSelection.For(options), kind, options, cancellationToken).ConfigureAwait(false);
        return engine ?? throw new EngineUnavailableException(
            $"{kind.ToCliName()} is not available: {failure}",
            [failure!]);
    }

    // The probe runs under ProbeTimeout: a hung engine is interrupted and reported as a failed probe naming the bound.
    private static async Task<(Engine? Engine, EngineProbeFailure? Failure)> ProbeAsync(IEngineTransport transport, EngineKind kind, EngineOptions options, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.ProbeTimeout);
        TransportProbeResult probe;
        try
        {
            probe = await transport.ProbeAsync(kind, options, bound.Token).WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && ex is OperationCanceledException or OcimanException or IOException or System.Net.Http.HttpRequestException)
        {
            var seconds = EngineTimeoutException.FormatBound(options.ProbeTimeout);
            Log.ProbeTimedOut(options.LoggerFactory.CreateLogger(LogCategories.Engine), kind.ToCliName(), transport.Transport.ToString(), (long)options.ProbeTimeout.TotalMilliseconds);
            return (null, new EngineProbeFailure(
                kind,
                $"{kind.ToCliName()} probe through the {transport.Transport.ToString().ToLowerInvariant()} transport",
                $"no answer within {seconds} (EngineOptions.{nameof(EngineOptions.ProbeTimeout)}); the probe was interrupted. The engine's daemon or command-line tool may be hung."));
        }

        return probe.Connection is { } connection
            ? (new Engine(connection, options.ExecutableFor(kind), options.LoggerFactory, options.ContainerLabels, options.HousekeepingTimeout), null)
            : (null, probe.Failure);
    }

    /// <summary>Returns <paramref name="definition"/> with what a container needs to reach the host at <see cref="HostGatewayName"/>.</summary>
    public ContainerDefinition WithHostGateway(ContainerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Kind.HostGateway().AddHost is { } addHost
            ? definition.WithExtraHost(HostGatewayName, addHost[(HostGatewayName.Length + 1)..])
            : definition;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToCliName()} {Version}{(IsRootless ? " (rootless)" : string.Empty)}";
}
