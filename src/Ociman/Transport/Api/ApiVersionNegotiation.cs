using System.Globalization;

namespace Ociman.Transport.Api;

/// <summary>Chooses the Engine API version to speak from what the engine's <c>GET /version</c> reports; pure.</summary>
/// <remarks>
/// The version spoken is the lower of Ociman's highest tested version and the engine's <c>ApiVersion</c>, so a newer
/// engine is spoken to in the dialect Ociman knows and an older one in its own. Engines below
/// <see cref="Minimum"/> are refused: 1.41 is what Debian 12's Docker 20.10 and Podman 4.3's Docker-compatible service
/// speak, the oldest engines Ociman is tested on. No <c>DOCKER_API_VERSION</c> is needed or read.
/// </remarks>
internal static class ApiVersionNegotiation
{
    /// <summary>The oldest Engine API version Ociman speaks.</summary>
    public static readonly Version Minimum = new(1, 41);

    /// <summary>The newest Engine API version Ociman speaks (Docker 26's).</summary>
    public static readonly Version Maximum = new(1, 45);

    /// <summary>Negotiates the version to speak with an engine that reports <paramref name="engineApiVersion"/>.</summary>
    /// <param name="engineApiVersion">The engine's <c>ApiVersion</c>, e.g. <c>1.45</c>.</param>
    /// <param name="engineMinimum">The engine's <c>MinAPIVersion</c>, or null when it does not say.</param>
    /// <param name="negotiated">The version to speak, when the engine is usable.</param>
    /// <param name="reason">Why the engine cannot be spoken to, when it is not.</param>
    /// <returns>Whether a version both sides speak exists.</returns>
    public static bool TryNegotiate(string? engineApiVersion, string? engineMinimum, out Version negotiated, out string reason)
    {
        negotiated = Minimum;
        if (!TryParse(engineApiVersion, out var engine))
        {
            reason = $"the engine reported API version {Quote(engineApiVersion)}, which is not a version of the form MAJOR.MINOR";
            return false;
        }

        if (engine < Minimum)
        {
            reason = $"the engine speaks API version {engine} at most; Ociman needs {Minimum} or later (Docker 20.10, Podman 4 or later)";
            return false;
        }

        var chosen = engine < Maximum ? engine : Maximum;
        if (TryParse(engineMinimum, out var floor) && floor > chosen)
        {
            reason = $"the engine speaks API versions {floor} to {engine} only; Ociman speaks {Minimum} to {Maximum}";
            return false;
        }

        negotiated = chosen;
        reason = string.Empty;
        return true;
    }

    /// <summary>Parses an Engine API version (<c>MAJOR.MINOR</c>).</summary>
    public static bool TryParse(string? text, out Version version)
    {
        version = Minimum;
        var parts = text?.Split('.');
        if (parts is not { Length: 2 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = new Version(major, minor);
        return true;
    }

    private static string Quote(string? text) => text is null ? "(none)" : ValueText.Quote(text);
}
