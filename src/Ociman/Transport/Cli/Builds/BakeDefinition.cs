using System.Text;
using System.Text.Json;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Renders a build as a <c>docker buildx bake</c> definition (JSON), which Ociman sends on standard input.</summary>
/// <remarks>
/// A bake file carries everything <c>docker build</c> takes as options — context, Dockerfile or inline instructions,
/// tags, build arguments, labels, target, no-cache — so nothing but <c>buildx bake --file - build</c> reaches the
/// command line. Bake evaluates every string of a definition (keys too) as an HCL template, where <c>${…}</c> and
/// <c>%{…}</c> are expressions; <see cref="Escape"/> turns each <c>$</c> and <c>%</c> into an expression that yields it.
/// </remarks>
internal static class BakeDefinition
{
    /// <summary>The name of the one target in the definition, given to <c>bake</c> as its argument.</summary>
    public const string TargetName = "build";

    /// <summary>The definition's UTF-8 bytes, indented (one value per line, should bake ever quote a line of it).</summary>
    /// <param name="request">The build.</param>
    /// <param name="contextDirectory">The context: the request's, or an empty directory for an inline build.</param>
    public static byte[] Render(BuildRequest request, string contextDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("target");
            json.WriteStartObject(TargetName);
            json.WriteString("context", Escape(contextDirectory));
            if (request.Instructions is { } instructions)
            {
                json.WriteString("dockerfile-inline", Escape(instructions));
            }
            else if (request.DockerfilePath is { } dockerfile)
            {
                json.WriteString("dockerfile", Escape(dockerfile));
            }

            json.WriteStartArray("tags");
            json.WriteStringValue(Escape(request.Tag.ToString()));
            json.WriteEndArray();
            WriteMap(json, "args", request.BuildArguments);
            WriteMap(json, "labels", request.Labels);
            if (request.Target is { } target)
            {
                json.WriteString("target", Escape(target));
            }

            if (request.NoCache)
            {
                json.WriteBoolean("no-cache", true);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Makes <paramref name="text"/> a template that evaluates to itself: each <c>$</c> becomes <c>${"$"}</c>, each <c>%</c> becomes <c>${"%"}</c>.</summary>
    /// <remarks>
    /// The doubled forms (<c>$${</c>, <c>%%{</c>) would do for HCL, but bake first tries the file as a Compose file,
    /// whose interpolation warns about every <c>$name</c> it sees, printing part of the value in the build output.
    /// </remarks>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('$', '%') < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '$' => escaped.Append("${\"$\"}"),
                '%' => escaped.Append("${\"%\"}"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in pairs)
        {
            json.WriteString(Escape(key), Escape(value));
        }

        json.WriteEndObject();
    }
}
