using System.Globalization;

namespace Ociman.Transport.Endpoints;

/// <summary>A parsed endpoint URI: its scheme, canonical text, address and the host published ports are reached at.</summary>
internal sealed record EndpointUri(EndpointScheme Scheme, string Uri, string Address, string PublishedPortHost)
{
    private const string Allowed = "allowed: 'unix:///path/to/socket', 'tcp://host:port' (or 'host:port') and 'ssh://[user@]host[:port][/socket]'";

    /// <summary>Parses <paramref name="text"/> as the engines' tools do (a bare <c>host:port</c> is TCP).</summary>
    /// <param name="text">The value.</param>
    /// <param name="setting">The variable or file it came from, for the message.</param>
    /// <param name="defaultTcpPort">The port a <c>tcp://host</c> without one gets (Docker: 2375, or 2376 with TLS).</param>
    /// <exception cref="EngineEndpointException">The value is not a supported endpoint.</exception>
    public static EndpointUri Parse(string text, string setting, int? defaultTcpPort)
    {
        var value = text.Trim();
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator < 0 ? "tcp" : value[..separator].ToLowerInvariant();
        var rest = separator < 0 ? value : value[(separator + 3)..];
        switch (scheme)
        {
            case "unix":
                if (rest.Length == 0 || rest[0] != '/')
                {
                    throw Invalid(setting, text, "a Unix socket needs an absolute path, 'unix:///path/to/socket'");
                }

                return new(EndpointScheme.Unix, "unix://" + rest, rest, EngineEndpoint.LocalHost);
            case "tcp":
            case "ssh":
                var isTcp = scheme == "tcp";
                var authorityEnd = rest.IndexOf('/', StringComparison.Ordinal);
                var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
                var path = authorityEnd < 0 ? string.Empty : rest[authorityEnd..];
                if (isTcp && path.Trim('/').Length > 0)
                {
                    throw Invalid(setting, text, "a TCP endpoint has no path");
                }

                var at = authority.LastIndexOf('@');
                var user = at < 0 ? null : authority[..at];
                var hostPort = at < 0 ? authority : authority[(at + 1)..];
                if (isTcp && user is not null)
                {
                    throw Invalid(setting, text, "a TCP endpoint has no user name");
                }

                var (host, port) = SplitHostPort(hostPort, setting, text);
                if (port is null && isTcp)
                {
                    port = defaultTcpPort ?? throw Invalid(setting, text, "a TCP endpoint needs a port, 'tcp://host:port'");
                }

                var renderedHost = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
                var address = (user is null ? string.Empty : user + "@") + renderedHost + (port is int p ? ":" + p.ToString(CultureInfo.InvariantCulture) : string.Empty);
                return new(isTcp ? EndpointScheme.Tcp : EndpointScheme.Ssh, scheme + "://" + address + (isTcp ? string.Empty : path), address, ReachableHost(host));
            default:
                throw Invalid(setting, text, $"the scheme '{scheme}' is not supported");
        }
    }

    private static (string Host, int? Port) SplitHostPort(string hostPort, string setting, string text)
    {
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(setting, text, "the IPv6 address is opened with '[' but never closed");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                portText = after[0] == ':' ? after[1..] : throw Invalid(setting, text, "only ':port' may follow a bracketed IPv6 address");
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            if (colon >= 0 && hostPort.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw Invalid(setting, text, "an IPv6 address must be written in brackets, 'tcp://[::1]:2375'");
            }

            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Invalid(setting, text, "the host is empty");
        }

        if (portText is null)
        {
            return (host, null);
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? (host, port)
            : throw Invalid(setting, text, $"the port '{portText}' must be a number from 1 to 65535");
    }

    // An engine listening on every address of this machine is reached on its loopback.
    private static string ReachableHost(string host) => host is "0.0.0.0" or "::" ? EngineEndpoint.LocalHost : host;

    public static EngineEndpointException Invalid(string setting, string text, string why) =>
        new(setting, $"{setting} is '{text}', which is not an engine endpoint: {why}; {Allowed}.");
}
