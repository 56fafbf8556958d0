using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using System.Net;
using System.Net.Sockets;

namespace Ociman;

/// <summary>A validated image reference: <c>[domain/]path[:tag][@digest]</c>, such as <c>ghcr.io/org/app:1.0</c>.</summary>
/// <remarks>
/// The first <c>/</c>-separated segment is a domain only when it has a port, is an IP address, is exactly <c>localhost</c>, has a dot,
/// or has an upper-case letter (the engines' rule); so <c>pg-ephemeral/main</c> has no domain while <c>localhost/x</c>,
/// <c>myhost:5000/x</c>, <c>ghcr.io/o/x</c> and <c>MyHost/x</c> do. A digest must be sha256, sha384 or sha512 in lower-case hex,
/// as the engines require.
/// Equality is syntactic: <c>alpine</c>, <c>docker.io/library/alpine</c> and <c>localhost/alpine</c> are three different references.
/// Podman lists images built from short names as <c>localhost/…</c> while Docker does not; use <see cref="MatchesIgnoringLocalhost"/>
/// to compare what an engine lists with what was asked for.
/// </remarks>
public sealed class ImageReference : IEquatable<ImageReference>
{
    /// <summary>The longest name (domain and path) the engines accept, in characters.</summary>
    public const int MaxNameLength = 255;

    private const string Localhost = "localhost";

    private const string PathRule = "path components must be lower-case letters and digits, separated by '.', '_', '__' or one or more '-', and must start and end with a letter or digit";

    private ImageReference(string? domain, string path, ImageTag? tag, ImageDigest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host with its optional port as written (IPv6 in brackets), or null when the reference has none.</summary>
    public string? Domain { get; }

    /// <summary>The repository path, its components joined by <c>/</c>, such as <c>library/alpine</c>.</summary>
    public string Path { get; }

    /// <summary>The name: the domain and <c>/</c> when there is one, then the path.</summary>
    public string Name => Domain is null ? Path : Domain + "/" + Path;

    /// <summary>The tag, or null when the reference has none.</summary>
    public ImageTag? Tag { get; }

    /// <summary>The digest, or null when the reference has none.</summary>
    public ImageDigest? Digest { get; }

    /// <summary>Parses an image reference.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid image reference; the message says which part is wrong.</exception>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryCreate(text, out var result, out var error)
            ? result
            : throw new FormatException(ValueText.Invalid(text, "image reference", error));
    }

    /// <summary>Parses an image reference, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? result)
    {
        if (text is not null && TryCreate(text, out var reference, out _))
        {
            result = reference;
            return true;
        }

        result = null;
        return false;
    }

    /// <summary>Returns a copy of this reference with the given tag (any digest is kept).</summary>
    [Pure]
    public ImageReference WithTag(ImageTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return new ImageReference(Domain, Path, tag, Digest);
    }

    /// <summary>Returns a copy of this reference with the tag parsed from text (any digest is kept).</summary>
    /// <exception cref="FormatException"><paramref name="tag"/> is not a valid tag.</exception>
    [Pure]
    public ImageReference WithTag(string tag) => WithTag(ImageTag.Parse(tag));

    /// <summary>Returns a copy of this reference without a tag.</summary>
    [Pure]
    public ImageReference WithoutTag() => Tag is null ? this : new ImageReference(Domain, Path, null, Digest);

    /// <summary>Returns a copy of this reference with the given digest (any tag is kept).</summary>
    [Pure]
    public ImageReference WithDigest(ImageDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return new ImageReference(Domain, Path, Tag, digest);
    }

    /// <summary>Returns a copy of this reference with the digest parsed from <c>algorithm:hex</c> text (any tag is kept).</summary>
    /// <exception cref="FormatException"><paramref name="digest"/> is not a valid digest.</exception>
    [Pure]
    public ImageReference WithDigest(string digest) => WithDigest(ImageDigest.Parse(digest));

    /// <summary>Returns a copy of this reference without a digest.</summary>
    [Pure]
    public ImageReference WithoutDigest() => Digest is null ? this : new ImageReference(Domain, Path, Tag, null);

    /// <summary>Returns this reference without its domain when the domain is exactly <c>localhost</c>, as Podman adds it to short names.</summary>
    /// <remarks>
    /// The reference is returned unchanged when dropping the domain would change its meaning: when the path has more than one component
    /// and its first one would then be read as a domain (it has a dot or is <c>localhost</c>), as in <c>localhost/example.com/x</c>.
    /// </remarks>
    [Pure]
    public ImageReference WithoutLocalhostDomain()
    {
        if (!string.Equals(Domain, Localhost, StringComparison.Ordinal))
        {
            return this;
        }

        var slash = Path.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && LooksLikeDomain(Path[..slash]))
        {
            return this;
        }

        return new ImageReference(null, Path, Tag, Digest);
    }

    /// <summary>Whether the two references are equal once a <c>localhost</c> domain is dropped from each, so <c>localhost/app:1</c> matches <c>app:1</c>.</summary>
    public bool MatchesIgnoringLocalhost(ImageReference other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WithoutLocalhostDomain().Equals(other.WithoutLocalhostDomain());
    }

    /// <summary>Returns the canonical text: name, then <c>:tag</c>, then <c>@algorithm:hex</c>.</summary>
    public override string ToString()
    {
        var text = Name;
        if (Tag is not null)
        {
            text += ":" + Tag.Value;
        }

        if (Digest is not null)
        {
            text += "@" + Digest;
        }

        return text;
    }

    /// <inheritdoc />
    public bool Equals(ImageReference? other) =>
        other is not null
        && string.Equals(Domain, other.Domain, StringComparison.Ordinal)
        && string.Equals(Path, other.Path, StringComparison.Ordinal)
        && Tag == other.Tag
        && Digest == other.Digest;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Domain is null ? 0 : StringComparer.Ordinal.GetHashCode(Domain),
        StringComparer.Ordinal.GetHashCode(Path),
        Tag,
        Digest);

    /// <summary>Whether two references are syntactically equal.</summary>
    public static bool operator ==(ImageReference? left, ImageReference? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two references differ syntactically.</summary>
    public static bool operator !=(ImageReference? left, ImageReference? right) => !(left == right);

    private static bool TryCreate(string text, [NotNullWhen(true)] out ImageReference? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (text.Length == 0)
        {
            error = "the reference is empty; write it as '[domain/]path[:tag][@digest]', e.g. 'alpine:3.20'.";
            return false;
        }

        // The digest comes last and its text cannot contain '@', so the first '@' separates it.
        var rest = text;
        ImageDigest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (digestText.Length == 0)
            {
                error = "the digest after '@' is empty; write it as 'algorithm:hex', e.g. 'sha256:' followed by 64 hex digits.";
                return false;
            }

            if (!ImageDigest.TryCreate(digestText, out digest, out var digestError) || (digestError = EngineDigestError(digest)) is not null)
            {
                error = $"the digest {ValueText.Quote(digestText)} is invalid: {digestError}";
                return false;
            }

            rest = rest[..at];
        }

        // A ':' after the last '/' starts the tag; earlier ones belong to the domain's port or an IPv6 address.
        ImageTag? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && lastColon > rest.LastIndexOf('/'))
        {
            var tagText = rest[(lastColon + 1)..];
            var tagError = ImageTag.Validate(tagText);
            if (tagError is not null)
            {
                error = $"the tag {ValueText.Quote(tagText)} is invalid: {tagError}";
                return false;
            }

            tag = ImageTag.Parse(tagText);
            rest = rest[..lastColon];
        }

        string? domain = null;
        var path = rest;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash >= 0 && LooksLikeDomain(rest[..firstSlash]))
        {
            domain = rest[..firstSlash];
            path = rest[(firstSlash + 1)..];
            error = ValidateDomain(domain);
            if (error is not null)
            {
                return false;
            }

            if (path.Length == 0)
            {
                error = $"the path after the domain {ValueText.Quote(domain)} is empty; name a repository, e.g. '{domain}/library/alpine'.";
                return false;
            }
        }

        error = ValidatePath(path);
        if (error is not null)
        {
            return false;
        }

        var nameLength = path.Length + (domain is null ? 0 : domain.Length + 1);
        if (nameLength > MaxNameLength)
        {
            error = $"the name (domain and path) is {nameLength} characters long, but at most {MaxNameLength} are allowed.";
            return false;
        }

        result = new ImageReference(domain, path, tag, digest);
        return true;
    }

    // The engines' rule (distribution/reference's splitDockerDomain): the first segment is a host when it has a '.' or a
    // ':', is "localhost", or has an upper-case letter (a repository path never has one, a host name may).
    private static bool LooksLikeDomain(string segment) =>
        segment.Contains('.', StringComparison.Ordinal)
        || segment.Contains(':', StringComparison.Ordinal)
        || segment.StartsWith('[')
        || string.Equals(segment, Localhost, StringComparison.Ordinal)
        || !string.Equals(segment, segment.ToLowerInvariant(), StringComparison.Ordinal);

    // In a reference, both engines check the digest with go-digest: only the algorithms they implement, lower-case hex.
    private static string? EngineDigestError(ImageDigest digest)
    {
        if (digest.Algorithm is not ("sha256" or "sha384" or "sha512"))
        {
            return $"the engines support only sha256, sha384 and sha512 digests in a reference, not {ValueText.Quote(digest.Algorithm)}.";
        }

        return digest.Hex.Any(char.IsAsciiLetterUpper)
            ? "the engines accept only lower-case hex digits (0-9, a-f) in a reference's digest."
            : null;
    }

    private static string? ValidateDomain(string domain)
    {
        string host;
        string? port = null;
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return $"the domain {ValueText.Quote(domain)} opens an IPv6 address with '[' but never closes it with ']'.";
            }

            var address = domain[1..close];
            if (!IsIPv6(address))
            {
                return $"{ValueText.Quote(address)} in the domain {ValueText.Quote(domain)} is not an IPv6 address.";
            }

            var after = domain[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return $"after the IPv6 address in the domain {ValueText.Quote(domain)} only ':port' may follow.";
                }

                port = after[1..];
            }

            host = domain[..(close + 1)];
        }
        else
        {
            var colon = domain.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? domain : domain[..colon];
            port = colon < 0 ? null : domain[(colon + 1)..];
            var hostError = ValidateHostName(host);
            if (hostError is not null)
            {
                return $"the domain {ValueText.Quote(domain)} is invalid: {hostError}";
            }
        }

        // The engines' grammar takes any run of decimal digits as the port (":99999" parses; connecting is another matter).
        if (port is not null && (port.Length == 0 || !port.All(char.IsAsciiDigit)))
        {
            return $"the port {ValueText.Quote(port)} of the domain {ValueText.Quote(host)} must be decimal digits.";
        }

        return null;
    }

    private static bool IsIPv6(string address)
    {
        // Only hex digits, ':' and the dotted tail of an IPv4-mapped address: no zone ids.
        foreach (var c in address)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        return IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static string? ValidateHostName(string host)
    {
        const string rule = "host names are dot-separated components of ASCII letters and digits, with '-' allowed only between them";
        if (host.Length == 0)
        {
            return "the host name is empty; " + rule + ".";
        }

        foreach (var component in host.Split('.'))
        {
            if (component.Length == 0)
            {
                return "it has an empty component; " + rule + ".";
            }

            if (component[0] == '-' || component[^1] == '-')
            {
                return $"the component {ValueText.Quote(component)} starts or ends with '-'; " + rule + ".";
            }

            foreach (var c in component)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"the component {ValueText.Quote(component)} has the character {ValueText.Quote(c.ToString())}; " + rule + ".";
                }
            }
        }

        return null;
    }

    private static string? ValidatePath(string path)
    {
        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return "the path has an empty component (a leading, trailing or doubled '/'); " + PathRule + ".";
            }

            if (!IsPathComponent(component))
            {
                return $"the path component {ValueText.Quote(component)} is invalid; " + PathRule + ".";
            }
        }

        return null;
    }

    private static bool IsPathComponent(string component)
    {
        var i = 0;
        while (true)
        {
            // A run of lower-case letters and digits.
            var start = i;
            while (i < component.Length && IsLowerAlphanumeric(component[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i == component.Length)
            {
                return true;
            }

            // A separator: '.', '_', '__' or one or more '-'.
            switch (component[i])
            {
                case '.':
                    i++;
                    break;
                case '_':
                    i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
                    break;
                case '-':
                    while (i < component.Length && component[i] == '-')
                    {
                        i++;
                    }

                    break;
                default:
                    return false;
            }
        }
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
