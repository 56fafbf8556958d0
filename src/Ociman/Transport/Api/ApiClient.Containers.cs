using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Ociman.Transport.Api;

internal sealed partial class ApiClient
{
    /// <summary><c>POST /containers/create</c>: creates the container and returns its id.</summary>
    /// <exception cref="ImageNotFoundException">The image is not present (the API never pulls on create).</exception>
    /// <exception cref="ContainerNameInUseException">The name is taken.</exception>
    public async Task<string> CreateContainerAsync(CreateContainerParameters body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var created = await CallAsync(
            RequestLine("POST", "/containers/create"),
            ApiResource.Image,
            body.Image,
            token => Client.Containers.CreateContainerAsync(body, token),
            cancellationToken,
            body.Name).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary><c>POST /containers/{id}/start</c>; a container that runs already (304) is not an error.</summary>
    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        CallAsync(RequestLine("POST", $"/containers/{containerId}/start"), ApiResource.Container, containerId, token => Client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), token), cancellationToken);

    /// <summary><c>GET /containers/{id}/json</c>.</summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public Task<ContainerInspectResponse> InspectContainerAsync(string container, CancellationToken cancellationToken) =>
        CallAsync(RequestLine("GET", $"/containers/{container}/json"), ApiResource.Container, container, token => Client.Containers.InspectContainerAsync(container, token), cancellationToken);

    /// <summary><c>GET /containers/{id}/json</c>, the body kept whole (Docker's shape on both engines).</summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public Task<JsonElement> InspectContainerDocumentAsync(string container, CancellationToken cancellationToken) =>
        GetDocumentAsync($"/containers/{Uri.EscapeDataString(container)}/json", ApiResource.Container, container, cancellationToken);

    /// <summary>Whether a container with exactly this id or name exists (not an id prefix, which inspect also accepts).</summary>
    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            var found = await InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            return found.ID == container || found.Name?.TrimStart('/') == container;
        }
        catch (ContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary><c>POST /containers/{id}/wait</c>: waits until the container stops and returns its exit code.</summary>
    public async Task<int> WaitContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(RequestLine("POST", $"/containers/{containerId}/wait"), ApiResource.Container, containerId, token => Client.Containers.WaitContainerAsync(containerId, token), cancellationToken).ConfigureAwait(false);
        return (int)answer.StatusCode;
    }

    /// <summary>
    /// <c>GET /events?since=&amp;filters={"container":[id],"event":["die"]}</c>: the exit code of the container's first
    /// exit since <paramref name="since"/>, or null when the engine sends none within <see cref="ExitEvents.LookupBound"/>.
    /// </summary>
    /// <remarks>The stream never ends by itself; the request is aborted on the first exit or at the bound.</remarks>
    public async Task<int?> ExitCodeFromEventsAsync(string containerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var path = ExitEvents.ApiPath(containerId, since);
        var request = RequestLine("GET", path);
        using var search = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        search.CancelAfter(ExitEvents.LookupBound);
        try
        {
            return await CallAsync(request, ApiResource.None, containerId, async token =>
            {
                using var response = await Connection.Documents.GetAsync(new Uri($"/v{Connection.ApiVersion}{path}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                    throw ApiFailure.Map(request, response.StatusCode, body, ApiResource.None, containerId, Connection.Kind);
                }

                using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(token).ConfigureAwait(false) is { } line)
                {
                    if (ExitEvents.ParseApiMessage(line, containerId) is { } exit)
                    {
                        return exit;
                    }
                }

                return (int?)null;
            }, search.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The bound passed with no exit of the container in the engine's log.
            return null;
        }
    }

    /// <summary><c>POST /containers/{id}/stop?t=</c>; a container that is stopped already (304) is not an error.</summary>
    public Task StopContainerAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        var parameters = ApiQueries.Stop(gracePeriod);
        return CallAsync(RequestLine("POST", $"/containers/{containerId}/stop"), ApiResource.Container, containerId, token => Client.Containers.StopContainerAsync(containerId, parameters, token), cancellationToken);
    }

    /// <summary><c>POST /containers/{id}/kill?signal=</c>.</summary>
    public Task KillContainerAsync(string containerId, string? signal, CancellationToken cancellationToken) =>
        CallAsync(RequestLine("POST", $"/containers/{containerId}/kill"), ApiResource.Container, containerId, token => Client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = signal! }, token), cancellationToken);

    /// <summary><c>DELETE /containers/{id}?force=&amp;v=</c>.</summary>
    /// <remarks>
    /// A forced removal of a container that is gone already reached its goal. When the engine is removing it already
    /// (auto-remove after a stop: 409), this waits until it is gone, so callers can rely on it.
    /// </remarks>
    public async Task RemoveContainerAsync(string containerId, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(
                RequestLine("DELETE", $"/containers/{containerId}"),
                ApiResource.Container,
                containerId,
                token => Client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = force, RemoveVolumes = removeVolumes }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException) when (force)
        {
        }
        catch (EngineApiException ex) when (force && ex.Is(HttpStatusCode.Conflict)
                                            && ex.Reason.Contains("in progress", StringComparison.OrdinalIgnoreCase))
        {
            await WaitUntilGoneAsync(containerId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Podman: <c>DELETE /libpod/containers/{id}?force=true&amp;timeout=0</c>, the removal of <c>podman rm --force
    /// --time 0</c>: a running container is killed at once, whatever its stop timeout.
    /// </summary>
    /// <remarks>
    /// Podman's Docker-compatible <c>DELETE ?force=true</c> first stops the container gracefully, with the container's
    /// stop timeout (10 s for a main process that ignores <c>SIGTERM</c> when the container was made with the CLI or
    /// asked for one), and accepts no timeout. Its own API, on the same socket and under any version prefix, does:
    /// measured here on Podman 4.3, 0.2 s instead of 30 s for a container with a 30 s stop timeout, and one request
    /// instead of a kill and a removal. A container that is gone already reached the goal; one the engine is removing
    /// already (auto-remove after its end) is waited for.
    /// </remarks>
    public async Task ForceRemovePodmanContainerAsync(string containerId, bool removeVolumes, CancellationToken cancellationToken)
    {
        var path = $"/libpod/containers/{Uri.EscapeDataString(containerId)}?force=true&timeout=0" + (removeVolumes ? "&v=true" : string.Empty);
        var request = RequestLine("DELETE", $"/libpod/containers/{containerId}");
        try
        {
            await CallAsync(request, ApiResource.Container, containerId, async token =>
            {
                using var response = await Connection.Documents.DeleteAsync(new Uri($"/v{Connection.ApiVersion}{path}", UriKind.Relative), token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw ApiFailure.Map(request, response.StatusCode, body, ApiResource.Container, containerId, Connection.Kind);
                }

                // 200 with a report per container; a report's "Err" says that this one could not be removed.
                if (RemovalError(body) is { } error)
                {
                    throw Failure(request, containerId, error);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException)
        {
        }
        catch (EngineApiException ex) when (ex.Reason.Contains("in progress", StringComparison.OrdinalIgnoreCase))
        {
            await WaitUntilGoneAsync(containerId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first non-empty <c>Err</c> of a libpod removal's reports, or <see langword="null"/>.</summary>
    internal static string? RemovalError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var report in document.RootElement.EnumerateArray())
            {
                if (report.ValueKind == JsonValueKind.Object
                    && report.TryGetProperty("Err", out var err)
                    && err.ValueKind == JsonValueKind.String
                    && err.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Returns when the engine no longer knows the container (not while it is still being removed).</summary>
    public async Task WaitUntilGoneAsync(string containerId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var delay = TimeSpan.FromMilliseconds(10);
        while (await ContainerExistsAsync(containerId, cancellationToken).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw Failure(RequestLine("DELETE", $"/containers/{containerId}"), containerId, "the container was still being removed by the engine after 30 s");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary><c>POST /commit</c>: commits the container as <paramref name="image"/> and returns the new image's id.</summary>
    public async Task<string> CommitContainerAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken)
    {
        var parameters = ApiQueries.Commit(containerId, image, options);
        var answer = await CallAsync(RequestLine("POST", "/commit"), ApiResource.Container, containerId, token => Client.Images.CommitContainerChangesAsync(parameters, token), cancellationToken).ConfigureAwait(false);
        return answer.ID;
    }

    /// <summary><c>GET /containers/json?all=true&amp;filters=</c>: every container carrying the labels.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var parameters = ApiQueries.ListContainers(labelFilters);
        var found = await CallAsync(RequestLine("GET", "/containers/json"), ApiResource.None, "containers", token => Client.Containers.ListContainersAsync(parameters, token), cancellationToken).ConfigureAwait(false);
        return found
            .Select(c => new ContainerSummary(
                c.ID,
                (c.Names ?? []).Select(n => n.TrimStart('/')).ToList(),
                c.Image ?? string.Empty,
                c.State ?? string.Empty,
                new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)))
            .ToList();
    }
}
