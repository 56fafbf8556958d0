using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Version = System.Version;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman.Transport.Api;

/// <summary>An Engine API connection: the engine's socket, the negotiated API version, and which engine answers.</summary>
/// <remarks>
/// The client is Docker.DotNet.Enhanced. It was chosen after trying it on Docker 26 (API 1.45), Debian 12's Docker
/// 20.10 (1.41) and Podman 4.3's Docker-compatible service (1.41) with no <c>DOCKER_API_VERSION</c> set: version
/// reading, exec with standard input written while output is read (1 MiB echoed by <c>cat</c>), cancellation of a
/// followed log and of a wait (both end within the token's time), typed 404s, and a trimmed publish without
/// warnings all worked. Left to itself the client speaks unversioned paths (whatever the engine's newest version is);
/// this type reads <c>GET /version</c> first and pins the version negotiated by <see cref="ApiVersionNegotiation"/>.
/// </remarks>
internal sealed class ApiConnection : IDisposable
{
    private ApiConnection(DockerClient client, Uri endpoint, ApiTls? tls, Version apiVersion, EngineKind kind, string engineVersion)
    {
        Client = client;
        Documents = CreateDocumentClient(endpoint, tls);
        Endpoint = endpoint;
        ApiVersion = apiVersion;
        Kind = kind;
        EngineVersion = engineVersion;
    }

    /// <summary>How long the probe (<c>GET /_ping</c>, <c>GET /version</c>) may take before the engine counts as not answering.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The client, pinned to <see cref="ApiVersion"/>.</summary>
    public DockerClient Client { get; }

    /// <summary>
    /// A plain HTTP client on the same endpoint, for the few documents Ociman keeps whole (a container's inspect body
    /// is <see cref="ContainerDetails.Raw"/>); the client's models would drop what they do not know.
    /// </summary>
    public HttpClient Documents { get; }

    /// <summary>The engine's endpoint, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The negotiated API version, which every request's path carries.</summary>
    public Version ApiVersion { get; }

    /// <summary>Which engine answers.</summary>
    public EngineKind Kind { get; }

    /// <summary>The engine's own version, e.g. <c>26.1.5</c> or <c>4.3.1</c>.</summary>
    public string EngineVersion { get; }

    /// <summary>Pings the engine at <paramref name="endpoint"/>, reads its version, negotiates and returns a connection.</summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer, or speaks no API version Ociman speaks; the probe says why.</exception>
    public static async Task<ApiConnection> ConnectAsync(Uri endpoint, ILogger logger, CancellationToken cancellationToken) =>
        await ConnectAsync(endpoint, tls: null, ProbeTimeout, logger, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Pings the engine at <paramref name="endpoint"/> (over TLS when <paramref name="tls"/> is set) with
    /// <paramref name="probeTimeout"/> for its first answers, reads its version, negotiates and returns a connection.
    /// </summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer, or speaks no API version Ociman speaks; the probe says why.</exception>
    public static async Task<ApiConnection> ConnectAsync(Uri endpoint, ApiTls? tls, TimeSpan probeTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        VersionResponse version;
        using (var probe = Builder(endpoint, tls).Build())
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // An engine that accepts the connection and never answers (a frozen daemon) must not hang the probe.
            bounded.CancelAfter(probeTimeout);
            try
            {
                await probe.System.PingAsync(bounded.Token).ConfigureAwait(false);
                version = await probe.System.GetVersionAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Unavailable(endpoint, KindGuess(endpoint), $"the engine did not answer GET /_ping and GET /version within {probeTimeout.TotalSeconds:0} s");
            }
            catch (Exception ex) when (ex is HttpRequestException or DockerApiException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw Unavailable(endpoint, KindGuess(endpoint), $"the engine did not answer GET /_ping and GET /version: {ex.Message}");
            }
        }

        var kind = KindOf(version);
        if (!ApiVersionNegotiation.TryNegotiate(version.APIVersion, version.MinAPIVersion, out var negotiated, out var reason))
        {
            throw Unavailable(endpoint, kind, reason);
        }

        var engineVersion = EngineVersionOf(version, kind);
        Log.ApiConnected(logger, kind.ToCliName(), engineVersion, endpoint.ToString(), negotiated.ToString(), version.APIVersion ?? string.Empty);
        var client = Builder(endpoint, tls).WithApiVersion(negotiated).Build();
        return new ApiConnection(client, endpoint, tls, negotiated, kind, engineVersion);
    }

    /// <summary>Which engine answered <c>GET /version</c>: Podman names itself in its components, Docker does not.</summary>
    public static EngineKind KindOf(VersionResponse version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var names = (version.Components ?? []).Select(c => c.Name ?? string.Empty).Append(version.Platform?.Name ?? string.Empty);
        return names.Any(n => n.Contains("podman", StringComparison.OrdinalIgnoreCase)) ? EngineKind.Podman : EngineKind.Docker;
    }

    /// <summary>The engine's own version: Podman's engine component, else the top-level version.</summary>
    public static string EngineVersionOf(VersionResponse version, EngineKind kind)
    {
        ArgumentNullException.ThrowIfNull(version);
        var component = kind == EngineKind.Podman
            ? version.Components?.FirstOrDefault(c => c.Name?.Contains("podman", StringComparison.OrdinalIgnoreCase) == true)
            : version.Components?.FirstOrDefault(c => c.Name == "Engine");
        return component?.Version ?? version.Version ?? string.Empty;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Client.Dispose();
        Documents.Dispose();
    }

    // unix:///path → a socket per connection, requests to http://engine; tcp://host:port → http://host:port.
    private static DockerClientBuilder Builder(Uri endpoint, ApiTls? tls)
    {
        var builder = new DockerClientBuilder().WithEndpoint(endpoint);
        return tls is null ? builder : builder.WithAuthProvider(tls);
    }

    private static HttpClient CreateDocumentClient(Uri endpoint, ApiTls? tls)
    {
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.LocalPath;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            return new HttpClient(handler) { BaseAddress = new Uri("http://engine"), Timeout = Timeout.InfiniteTimeSpan };
        }

        var builder = new UriBuilder(endpoint) { Scheme = endpoint.Scheme != "tcp" ? endpoint.Scheme : tls is null ? "http" : "https", Path = "/" };
        var tcpHandler = new SocketsHttpHandler();
        if (tls is not null)
        {
            tcpHandler.SslOptions = tls.Options(endpoint.Host);
        }

        return new HttpClient(tcpHandler) { BaseAddress = builder.Uri, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static EngineKind KindGuess(Uri endpoint) =>
        endpoint.ToString().Contains("podman", StringComparison.OrdinalIgnoreCase) ? EngineKind.Podman : EngineKind.Docker;

    private static EngineUnavailableException Unavailable(Uri endpoint, EngineKind kind, string reason)
    {
        var probe = new EngineProbeFailure(kind, $"GET {endpoint}/version", reason);
        return new EngineUnavailableException($"The engine API at {endpoint} cannot be used: {reason}.", [probe]);
    }
}
