using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Ociman;

/// <summary>A port to publish from a container to the host, written <c>[ip:[hostPort]:]containerPort[/tcp|udp]</c> or <c>hostPort:containerPort[/tcp|udp]</c>.</summary>
/// <remarks>
/// Without a host port (or with host port 0, which is stored as none) the engine picks a free one. IPv6 host addresses are written
/// in brackets, <c>[::1]::8080/tcp</c>; unbracketed IPv6 is rejected because its colons are ambiguous. Port ranges are not supported.
/// </remarks>
public sealed class PublishSpec : IEquatable<PublishSpec>
{
    /// <summary>The protocol name <c>tcp</c>.</summary>
    public const string TcpProtocol = "tcp";

    /// <summary>The protocol name <c>udp</c>.</summary>
    public const string UdpProtocol = "udp";

    private const string Form = "write it as '[ip:[hostPort]:]containerPort[/tcp|udp]' or 'hostPort:containerPort[/tcp|udp]', with IPv6 addresses in brackets, e.g. '8080/tcp', '127.0.0.1::8080/tcp', '0.0.0.0:8080:80/tcp' or '[::1]:8080:80/tcp'.";

    private PublishSpec(IPAddress? hostIp, int? hostPort, int containerPort, string protocol)
    {
        HostIp = hostIp;
        HostPort = hostPort == 0 ? null : hostPort;
        ContainerPort = containerPort;
        Protocol = protocol;
    }

    /// <summary>The host address to bind, or null for the engine's default (all addresses).</summary>
    public IPAddress? HostIp { get; }

    /// <summary>The host port, or null when the engine picks a free one.</summary>
    public int? HostPort { get; }

    /// <summary>The container port, 1 to 65535.</summary>
    public int ContainerPort { get; }

    /// <summary>The protocol: <c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; }

    /// <summary>Whether the host address is the engine's choice for the test's reach: 127.0.0.1 on a local engine, all addresses on a remote one.</summary>
    /// <remarks>Set by <see cref="ContainerDefinition.WithPublishedPort"/>; not part of equality, since on a local engine the two bind alike.</remarks>
    internal bool FollowsEndpoint { get; private init; }

    /// <summary>A TCP port published where this machine reaches it: 127.0.0.1 of a local engine, all addresses of a remote one.</summary>
    internal static PublishSpec TcpReachableFromHere(int containerPort)
    {
        var spec = Create(IPAddress.Loopback, null, containerPort, TcpProtocol);
        return new PublishSpec(spec.HostIp, null, spec.ContainerPort, spec.Protocol) { FollowsEndpoint = true };
    }

    /// <summary>This specification as an engine at <paramref name="endpoint"/> is given it.</summary>
    internal PublishSpec ForEndpoint(EngineEndpoint endpoint) =>
        FollowsEndpoint && !endpoint.IsLocal ? new PublishSpec(null, HostPort, ContainerPort, Protocol) : this;

    /// <summary>Publishes a TCP container port on a host port the engine picks, on all host addresses.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containerPort"/> is not 1 to 65535.</exception>
    public static PublishSpec Tcp(int containerPort) => Create(null, null, containerPort, TcpProtocol);

    /// <summary>Publishes a TCP container port on the given host port, on all host addresses.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A port is out of range (container 1 to 65535, host 0 to 65535).</exception>
    public static PublishSpec Tcp(int containerPort, int hostPort) => Create(null, hostPort, containerPort, TcpProtocol);

    /// <summary>Publishes a TCP container port on a host address, on the given host port or one the engine picks.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hostIp"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A port is out of range (container 1 to 65535, host 0 to 65535).</exception>
    public static PublishSpec Tcp(int containerPort, IPAddress hostIp, int? hostPort = null)
    {
        ArgumentNullException.ThrowIfNull(hostIp);
        return Create(hostIp, hostPort, containerPort, TcpProtocol);
    }

    /// <summary>Publishes a UDP container port on a host port the engine picks, on all host addresses.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containerPort"/> is not 1 to 65535.</exception>
    public static PublishSpec Udp(int containerPort) => Create(null, null, containerPort, UdpProtocol);

    /// <summary>Publishes a UDP container port on the given host port, on all host addresses.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A port is out of range (container 1 to 65535, host 0 to 65535).</exception>
    public static PublishSpec Udp(int containerPort, int hostPort) => Create(null, hostPort, containerPort, UdpProtocol);

    /// <summary>Publishes a UDP container port on a host address, on the given host port or one the engine picks.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hostIp"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A port is out of range (container 1 to 65535, host 0 to 65535).</exception>
    public static PublishSpec Udp(int containerPort, IPAddress hostIp, int? hostPort = null)
    {
        ArgumentNullException.ThrowIfNull(hostIp);
        return Create(hostIp, hostPort, containerPort, UdpProtocol);
    }

    /// <summary>Parses a publish specification.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid publish specification.</exception>
    public static PublishSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryCreate(text, out var result, out var error)
            ? result
            : throw new FormatException(ValueText.Invalid(text, "publish specification", error));
    }

    /// <summary>Parses a publish specification, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PublishSpec? result)
    {
        if (text is not null && TryCreate(text, out var spec, out _))
        {
            result = spec;
            return true;
        }

        result = null;
        return false;
    }

    private static PublishSpec Create(IPAddress? hostIp, int? hostPort, int containerPort, string protocol)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(containerPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(containerPort, 65535);
        if (hostPort is int port)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(port, nameof(hostPort));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535, nameof(hostPort));
        }

        if (hostIp is not null && hostIp.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"The host address must be IPv4 or IPv6, not {hostIp.AddressFamily}.", nameof(hostIp));
        }

        return new PublishSpec(hostIp, hostPort, containerPort, protocol);
    }

    private static bool TryCreate(string text, [NotNullWhen(true)] out PublishSpec? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (text.Length == 0)
        {
            error = "it is empty; " + Form;
            return false;
        }

        var protocol = TcpProtocol;
        var ports = text;
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            if (protocol is not (TcpProtocol or UdpProtocol))
            {
                error = $"the protocol {ValueText.Quote(protocol)} is not 'tcp' or 'udp'; " + Form;
                return false;
            }

            ports = text[..slash];
        }

        IPAddress? hostIp = null;
        string? hostPortText = null;
        string containerPortText;
        if (ports.StartsWith('['))
        {
            var close = ports.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "the IPv6 address is opened with '[' but never closed with ']'; " + Form;
                return false;
            }

            var address = ports[1..close];
            if (!TryParseIPv6(address, out hostIp))
            {
                error = $"{ValueText.Quote(address)} is not an IPv6 address; " + Form;
                return false;
            }

            var rest = ports[(close + 1)..];
            var parts = rest.Split(':');
            if (parts.Length != 3 || parts[0].Length != 0)
            {
                error = "a bracketed host address must be followed by ':hostPort:containerPort' (the host port may be empty); " + Form;
                return false;
            }

            hostPortText = parts[1];
            containerPortText = parts[2];
        }
        else
        {
            var parts = ports.Split(':');
            switch (parts.Length)
            {
                case 1:
                    containerPortText = parts[0];
                    break;
                case 2:
                    if (parts[0].Length == 0)
                    {
                        error = "the host port before ':' is empty; " + Form;
                        return false;
                    }

                    hostPortText = parts[0];
                    containerPortText = parts[1];
                    break;
                case 3:
                    if (!TryParseIPv4(parts[0], out hostIp))
                    {
                        error = $"{ValueText.Quote(parts[0])} is not an IPv4 address (IPv6 addresses must be in brackets); " + Form;
                        return false;
                    }

                    hostPortText = parts[1];
                    containerPortText = parts[2];
                    break;
                default:
                    error = "it has too many ':' (IPv6 host addresses must be in brackets, e.g. '[::1]:8080:80/tcp'); " + Form;
                    return false;
            }
        }

        int? hostPort = null;
        if (!string.IsNullOrEmpty(hostPortText))
        {
            if (!ValueText.TryParseDecimal(hostPortText, 65535, out var port))
            {
                error = $"the host port {ValueText.Quote(hostPortText)} must be a number from 0 to 65535 (ranges are not supported).";
                return false;
            }

            hostPort = port;
        }

        if (!ValueText.TryParseDecimal(containerPortText, 65535, out var containerPort) || containerPort == 0)
        {
            error = $"the container port {ValueText.Quote(containerPortText)} must be a number from 1 to 65535 (ranges are not supported).";
            return false;
        }

        error = null;
        result = new PublishSpec(hostIp, hostPort, containerPort, protocol);
        return true;
    }

    private static bool TryParseIPv4(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        // IPAddress.TryParse also accepts shorthand like "127.1"; the engines want four dotted decimal octets.
        address = null;
        var octets = text.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (octets[i].Length > 3 || !ValueText.TryParseDecimal(octets[i], 255, out var octet))
            {
                return false;
            }

            bytes[i] = (byte)octet;
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static bool TryParseIPv6(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        foreach (var c in text)
        {
            // Hex digits, ':' and an IPv4-mapped tail only: no zone ids.
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Returns the canonical command-line text, such as <c>8080/tcp</c>, <c>127.0.0.1::8080/tcp</c> or <c>[::1]:8080:80/tcp</c>.</summary>
    public override string ToString()
    {
        var port = ContainerPort + "/" + Protocol;
        if (HostIp is null)
        {
            return HostPort is int hostPort ? hostPort + ":" + port : port;
        }

        var ip = HostIp.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + HostIp + "]" : HostIp.ToString();
        return ip + ":" + HostPort + ":" + port;
    }

    /// <inheritdoc />
    public bool Equals(PublishSpec? other) =>
        other is not null
        && Equals(HostIp, other.HostIp)
        && HostPort == other.HostPort
        && ContainerPort == other.ContainerPort
        && string.Equals(Protocol, other.Protocol, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublishSpec);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HostIp, HostPort, ContainerPort, StringComparer.Ordinal.GetHashCode(Protocol));

    /// <summary>Whether two specifications are equal.</summary>
    public static bool operator ==(PublishSpec? left, PublishSpec? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two specifications differ.</summary>
    public static bool operator !=(PublishSpec? left, PublishSpec? right) => !(left == right);
}
