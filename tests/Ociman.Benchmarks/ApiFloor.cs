using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ociman.Benchmarks;

/// <summary>
/// The "Engine API floor" peer: the least a client can do on the engine's socket — one <see cref="HttpClient"/>, no
/// validation, no readiness, no retries — to create, start, exec and delete a container. No library can be faster than
/// the engine behind it; this measures where that is.
/// </summary>
/// <remarks>
/// The socket is <c>OCIMAN_BENCH_API_SOCKET</c>, else <c>DOCKER_HOST</c> when it names a unix socket, else Docker's
/// <c>/var/run/docker.sock</c> on Docker (none on Podman: the floor is left out). On Podman, <c>eng/bench.sh</c> starts <c>podman system service</c> and passes its socket.
/// The API version is the engine's own (<c>GET /version</c>), read once.
/// </remarks>
public static class ApiFloor
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static HttpClient? _client;
    private static string _prefix = string.Empty;

    /// <summary>Whether the floor can run: the socket file exists.</summary>
    public static bool Enabled => File.Exists(SocketPath);

    /// <summary>The unix socket the floor talks to.</summary>
    public static string SocketPath
    {
        get
        {
            var explicitPath = Environment.GetEnvironmentVariable("OCIMAN_BENCH_API_SOCKET");
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return explicitPath;
            }

            var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
            if (host is not null && host.StartsWith("unix://", StringComparison.Ordinal))
            {
                return host["unix://".Length..];
            }

            // Podman has no socket unless its service runs (eng/bench.sh starts one and says where): no floor without it.
            return (Environment.GetEnvironmentVariable("OCIMAN_BACKEND") ?? "docker") == "docker" ? "/var/run/docker.sock" : "/nonexistent";
        }
    }

    private static async Task<HttpClient> ClientAsync()
    {
        if (_client is { } ready)
        {
            return ready;
        }

        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                var path = SocketPath;
                var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, token) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token).ConfigureAwait(false);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
                var client = new HttpClient(handler) { BaseAddress = new Uri("http://engine/"), Timeout = TimeSpan.FromMinutes(2) };
                using var version = JsonDocument.Parse(await client.GetStringAsync("version").ConfigureAwait(false));
                _prefix = "v" + version.RootElement.GetProperty("ApiVersion").GetString() + "/";
                _client = client;
            }

            return _client;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates and starts a container; returns its id.</summary>
    public static async Task<string> RunAsync(string image, IReadOnlyList<string> command)
    {
        var client = await ClientAsync().ConfigureAwait(false);
        var body = new JsonObject
        {
            ["Image"] = image,
            ["Cmd"] = new JsonArray(command.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["Labels"] = new JsonObject { [BenchEnvironment.BenchLabel] = "1" },
        };
        using var created = await client.PostAsJsonAsync(_prefix + "containers/create", body).ConfigureAwait(false);
        await EnsureAsync(created, "create").ConfigureAwait(false);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false))!["Id"]!.GetValue<string>();
        using var started = await client.PostAsync(_prefix + "containers/" + id + "/start", null).ConfigureAwait(false);
        await EnsureAsync(started, "start").ConfigureAwait(false);
        return id;
    }

    /// <summary>Runs a command in the container and returns its standard output (the multiplexed stream, demultiplexed).</summary>
    public static async Task<string> ExecAsync(string id, params string[] command)
    {
        var client = await ClientAsync().ConfigureAwait(false);
        var body = new JsonObject
        {
            ["AttachStdout"] = true,
            ["AttachStderr"] = true,
            ["Cmd"] = new JsonArray(command.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
        };
        using var created = await client.PostAsJsonAsync(_prefix + "containers/" + id + "/exec", body).ConfigureAwait(false);
        await EnsureAsync(created, "exec create").ConfigureAwait(false);
        var execId = (await created.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false))!["Id"]!.GetValue<string>();
        using var started = await client.PostAsJsonAsync(_prefix + "exec/" + execId + "/start", new JsonObject { ["Detach"] = false, ["Tty"] = false })
            .ConfigureAwait(false);
        await EnsureAsync(started, "exec start").ConfigureAwait(false);
        var raw = await started.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var stdout = new StringBuilder();
        for (var offset = 0; offset + 8 <= raw.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(offset + 4, 4));
            if (raw[offset] == 1)
            {
                stdout.Append(Encoding.UTF8.GetString(raw, offset + 8, Math.Min(size, raw.Length - offset - 8)));
            }

            offset += 8 + size;
        }

        return stdout.ToString();
    }

    /// <summary>Deletes the container with <c>force=true</c> (the engine kills it at once).</summary>
    public static async Task RemoveAsync(string id)
    {
        var client = await ClientAsync().ConfigureAwait(false);
        using var removed = await client.DeleteAsync(_prefix + "containers/" + id + "?force=true").ConfigureAwait(false);
        await EnsureAsync(removed, "delete").ConfigureAwait(false);
    }

    /// <summary>Reads the container's log once (<c>GET /logs</c>) and, when the text is not there yet, follows it (one <c>GET /logs?follow=true</c> stream) until it is.</summary>
    /// <remarks>
    /// Both, because each is the fastest somewhere: Podman 4.3's followed log answers new lines a few hundred
    /// milliseconds late (it tails the log file), so for a line already written one plain read is quicker; for a line
    /// still to come, a stream beats any polling.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The log ended (the container stopped) without the text.</exception>
    public static async Task WaitForLogAsync(string id, string text)
    {
        var client = await ClientAsync().ConfigureAwait(false);
        using (var snapshot = await client.GetAsync(_prefix + "containers/" + id + "/logs?stdout=true&stderr=true").ConfigureAwait(false))
        {
            await EnsureAsync(snapshot, "logs").ConfigureAwait(false);
            if (Encoding.UTF8.GetString(await snapshot.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        using var logs = await client.GetAsync(_prefix + "containers/" + id + "/logs?follow=true&stdout=true&stderr=true", HttpCompletionOption.ResponseHeadersRead)
            .ConfigureAwait(false);
        await EnsureAsync(logs, "logs").ConfigureAwait(false);
        await using var stream = await logs.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var seen = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            seen.Write(buffer, 0, read);

            // Multiplexed frames read as text: a line is one frame, so the text is never split by a header.
            if (Encoding.UTF8.GetString(seen.GetBuffer(), 0, (int)seen.Length).Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"the log of {id} ended without '{text}'");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string operation)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"API {operation} answered {(int)response.StatusCode}: {text.Trim()}"));
        }
    }
}
