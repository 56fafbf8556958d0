using System.Text;
using System.Text.Json;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Renders a build as the query of Podman's <c>POST /libpod/build</c>, with the defaults of <c>podman build</c>.</summary>
/// <remarks>
/// The API's own defaults differ from the command's: it runs steps in the host's network namespace, keeps no layer
/// cache, keeps the containers of a failed step and writes OCI images. Ociman asks for what <c>podman build --format
/// docker</c> does: a private network namespace, layers, forced removal of step containers, Docker-format images.
/// </remarks>
internal static class PodmanBuildQuery
{
    /// <summary>The API path, without the query.</summary>
    public const string Path = "/v4.0.0/libpod/build";

    /// <summary>The manifest type of <c>--format docker</c>, which Ociman asks of every Podman build.</summary>
    public const string DockerFormat = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>The query string (without <c>?</c>), every value escaped.</summary>
    /// <param name="request">The build.</param>
    /// <param name="dockerfile">The Dockerfile's full path on the host (the service reads it from there).</param>
    public static string Render(BuildRequest request, string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(dockerfile);
        var query = new List<KeyValuePair<string, string>>
        {
            new("t", request.Tag.ToString()),

            // A JSON list of paths is taken as is; a plain string would be joined to the uploaded context.
            new("dockerfile", JsonSerializer.Serialize(new[] { dockerfile })),
            new("buildargs", JsonObject(request.BuildArguments)),
        };
        if (request.Labels.Count > 0)
        {
            query.Add(new("labels", JsonObject(request.Labels)));
        }

        if (request.Target is { } target)
        {
            query.Add(new("target", target));
        }

        if (request.NoCache)
        {
            query.Add(new("nocache", "1"));
        }

        query.Add(new("layers", "1"));
        query.Add(new("rm", "1"));
        query.Add(new("forcerm", "1"));
        query.Add(new("pullpolicy", "missing"));
        query.Add(new("outputformat", DockerFormat));
        query.Add(new("nsoptions", """[{"Name":"network","Host":false}]"""));

        var text = new StringBuilder();
        foreach (var (key, value) in query)
        {
            text.Append(text.Length == 0 ? string.Empty : "&").Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    private static string JsonObject(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
