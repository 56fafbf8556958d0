using System.Diagnostics;
using System.Text;

namespace Ociman.IntegrationTests;

/// <summary>Ociman's image reference parser agrees with the engine's on which strings are references.</summary>
/// <remarks>
/// The engine is asked without pulling: <c>docker image inspect</c> says "No such image" for a valid reference and
/// something else ("invalid reference format", "invalid checksum digest format"…) for an invalid one; <c>podman image
/// exists</c> exits 0 or 1 for a valid reference and 125 for an invalid one. The strings are generated (seeded, so a
/// failure reproduces) around the rules' edges: upper-case first components, ports, digests, tags, separators. Not
/// generated, because Docker 26 and Podman 4.3 disagree with each other there: bracketed IPv6 hosts (Docker accepts
/// them, Podman does not) and names over 255 characters (Podman rejects them, Docker's inspect does not). Nor strings
/// that HTTP path cleaning changes (<c>a//b</c>, <c>a/./b</c>, a leading or trailing <c>/</c>): Docker's CLI sends the
/// reference in the URL path, and the daemon's router cleans it before parsing, so its answer is about another string.
/// </remarks>
[Collection(EngineCollection.Name)]
public sealed class ReferenceAgreementSpecs(EngineFixture fx)
{
    private const string Hex = "0123456789abcdef";

    [Fact(Timeout = 600_000)]
    public async Task Ociman_accepts_exactly_the_generated_references_the_engine_accepts()
    {
        var candidates = Generate(new Random(20261130), 300);
        var verdicts = new (string Text, bool Engine, string Answer)[candidates.Count];
        await Parallel.ForAsync(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            var (valid, answer) = await AskEngineAsync(candidates[i], cancellationToken);
            verdicts[i] = (candidates[i], valid, answer);
        });

        var disagreements = verdicts
            .Where(v => ImageReference.TryParse(v.Text, out _) != v.Engine)
            .Select(v => $"'{v.Text}': {fx.Engine.Kind.ToCliName()} {(v.Engine ? "accepts" : "rejects")} ({v.Answer}), Ociman {(v.Engine ? "rejects" : "accepts")}")
            .ToList();

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {verdicts.Length} disagreements:\n{string.Join('\n', disagreements)}");

        // The generator reaches both sides of the rules.
        Assert.InRange(verdicts.Count(v => v.Engine), 30, 270);
    }

    private async Task<(bool Valid, string Answer)> AskEngineAsync(string reference, CancellationToken cancellationToken)
    {
        var podman = fx.Engine.Kind == EngineKind.Podman;
        var info = new ProcessStartInfo(fx.Engine.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in podman ? ["image", "exists", "--", reference] : new[] { "image", "inspect", "--format", "{{.Id}}", "--", reference })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        var answer = stderr.Trim();
        return podman
            ? (process.ExitCode is 0 or 1, $"exit {process.ExitCode} {answer}")
            : (process.ExitCode == 0 || answer.Contains("No such image", StringComparison.Ordinal), answer);
    }

    private static List<string> Generate(Random random, int count)
    {
        string[] domains =
        [
            "localhost", "LOCALHOST", "Localhost", "example.com", "Example.COM", "EXAMPLE", "Foo", "fOO", "my-host", "My-Host",
            "host:5000", "HOST:5000", "host:99999", "host:1234567", "host:", "a.b-c.d", "a-.com", "-a.com", "a..b", "Foo_Bar",
            "127.0.0.1:5000", "a.b:0", "x:abc", "UPPER.case:80", "A", "a_b", "docker.io", "index.docker.io",
        ];
        string[] components = ["app", "my-app", "my_app", "my__app", "my___app", "a.b", "a-", "_a", "App", "aPP", "a--b", "a.-b", "0", "a..b", "a_-b"];
        string[] tags = ["latest", "V1", "v1.0-rc_1", ".x", "-x", "_x", "", "a" + new string('b', 127), "a" + new string('b', 128)];
        var lower = Repeat(Hex, 8);
        string[] digests =
        [
            "sha256:" + lower[..64], "sha256:" + lower[..64].ToUpperInvariant(), "sha256:" + lower[..32] + lower[32..64].ToUpperInvariant(),
            "sha256:" + lower[..63], "sha384:" + lower[..96], "sha512:" + lower[..128], "SHA256:" + lower[..64], "md5:" + lower[..32],
            "sha256:g" + lower[1..64], "blake3:" + lower[..64], "sha256:" + lower[..65], "sha384:" + lower[..96].ToUpperInvariant(),
        ];

        var result = new HashSet<string>(StringComparer.Ordinal);
        while (result.Count < count)
        {
            var text = new StringBuilder();
            if (random.Next(5) == 0)
            {
                // Free-form: the alphabet of the grammar's punctuation, both cases.
                const string alphabet = "aAzZ09._-:/@";
                var length = random.Next(1, 16);
                for (var i = 0; i < length; i++)
                {
                    text.Append(alphabet[random.Next(alphabet.Length)]);
                }

                if (text.ToString().TrimStart('-') is { Length: > 0 } free && !PathCleaningChanges(free))
                {
                    result.Add(free);
                }

                continue;
            }

            if (random.Next(3) > 0)
            {
                text.Append(domains[random.Next(domains.Length)]).Append('/');
            }

            var parts = random.Next(1, 4);
            for (var i = 0; i < parts; i++)
            {
                text.Append(i > 0 ? "/" : string.Empty).Append(random.Next(4) == 0 ? RandomWord(random) : components[random.Next(components.Length)]);
            }

            if (random.Next(2) == 0)
            {
                text.Append(':').Append(random.Next(3) == 0 ? RandomWord(random) : tags[random.Next(tags.Length)]);
            }

            if (random.Next(3) == 0)
            {
                text.Append('@').Append(digests[random.Next(digests.Length)]);
            }

            if (text.Length > 0 && text[0] != '-' && !PathCleaningChanges(text.ToString()))
            {
                result.Add(text.ToString());
            }
        }

        return [.. result];
    }

    private static bool PathCleaningChanges(string text) =>
        text.StartsWith('/') || text.EndsWith('/') || text.Contains("//", StringComparison.Ordinal)
        || $"/{text}/".Contains("/./", StringComparison.Ordinal) || $"/{text}/".Contains("/../", StringComparison.Ordinal);

    private static string RandomWord(Random random)
    {
        const string alphabet = "abz09._-AZ";
        var word = new StringBuilder();
        var length = random.Next(1, 9);
        for (var i = 0; i < length; i++)
        {
            word.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return word.ToString();
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));
}
