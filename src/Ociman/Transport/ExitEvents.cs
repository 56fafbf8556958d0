using System.Globalization;
using System.Text.Json;

namespace Ociman.Transport;

/// <summary>
/// Reading a container's exit code back from the engine's event log, for a container the engine removed on its own
/// (auto-remove, <c>--rm</c>) before a <c>wait</c> reached it; pure, so each piece is unit-tested without an engine.
/// </summary>
/// <remarks>
/// Neither engine keeps the exit code of a removed container where <c>wait</c> finds it (measured: Docker 26.1 and
/// Podman 4.3 both answer "no such container" to a <c>wait</c> that starts after the removal), but both log the exit as
/// an event first: Docker's <c>die</c> with the attribute <c>exitCode</c> (the daemon keeps its last 256 events in
/// memory), Podman's <c>died</c> with <c>ContainerExitCode</c> (its event log file or the journal).
/// </remarks>
internal static class ExitEvents
{
    /// <summary>
    /// How far before the container's start (by this machine's clock) the search begins, so that an engine whose clock
    /// runs behind this machine's still has the exit inside the window.
    /// </summary>
    public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the search may take when the log holds no exit of the container: the engines send what they hold at
    /// once, then only stream new events, so a search that found nothing by then finds nothing.
    /// </summary>
    public static readonly TimeSpan LookupBound = TimeSpan.FromSeconds(10);

    /// <summary>The value of <c>--since</c> (and the API's <c>since</c>): whole Unix seconds, never before 1.</summary>
    public static string Since(DateTimeOffset since) =>
        Math.Max(1, since.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);

    /// <summary>One line the CLI's <c>events --format</c> printed: the exit code, or null when the line holds none.</summary>
    public static int? ParseCliLine(string line) =>
        int.TryParse(line.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <summary>The Engine API's events path (without the version prefix) for the exits of one container since a time.</summary>
    public static string ApiPath(string containerId, DateTimeOffset since)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["container"] = [containerId],
            ["event"] = ["die"],
        });
        return $"/events?since={Since(since)}&filters={Uri.EscapeDataString(filters)}";
    }

    /// <summary>
    /// One JSON message of the API's event stream: the exit code when it is a <c>die</c> of the container (Docker's shape:
    /// <c>Action</c> or the older <c>status</c>, <c>Actor.ID</c> or <c>id</c>, <c>Actor.Attributes.exitCode</c>), else null.
    /// </summary>
    public static int? ParseApiMessage(string json, string containerId)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var action = Text(root, "Action") ?? Text(root, "status");
            var hasActor = root.TryGetProperty("Actor", out var actor) && actor.ValueKind == JsonValueKind.Object;
            var id = (hasActor ? Text(actor, "ID") : null) ?? Text(root, "id");
            if (action != "die" || id != containerId
                || !hasActor || !actor.TryGetProperty("Attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return Text(attributes, "exitCode") is { } code ? ParseCliLine(code) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
