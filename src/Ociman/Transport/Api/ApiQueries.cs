using Docker.DotNet.Models;

namespace Ociman.Transport.Api;

/// <summary>Query-string parameters of the Engine API calls; pure, so they are unit-tested without an engine.</summary>
internal static class ApiQueries
{
    /// <summary>The <c>filters</c> of <c>GET /containers/json</c> for label filters (a null value matches any value of the key).</summary>
    public static IDictionary<string, IDictionary<string, bool>> LabelFilters(IReadOnlyList<KeyValuePair<string, string?>> labelFilters)
    {
        ArgumentNullException.ThrowIfNull(labelFilters);
        var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
        if (labelFilters.Count > 0)
        {
            filters["label"] = labelFilters.ToDictionary(f => f.Value is null ? f.Key : $"{f.Key}={f.Value}", _ => true, StringComparer.Ordinal);
        }

        return filters;
    }

    /// <summary>The parameters of <c>GET /containers/json</c>: every container (running or not) carrying the labels.</summary>
    public static ContainersListParameters ListContainers(IReadOnlyList<KeyValuePair<string, string?>> labelFilters) =>
        new() { All = true, Filters = LabelFilters(labelFilters) };

    /// <summary>The parameters of <c>POST /containers/{id}/stop</c>: the grace period rounded up to whole seconds (the API's unit).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gracePeriod"/> is negative.</exception>
    public static ContainerStopParameters Stop(TimeSpan? gracePeriod)
    {
        if (gracePeriod is not { } grace)
        {
            return new ContainerStopParameters();
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(gracePeriod));
        return new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) };
    }

    /// <summary>The parameters of <c>POST /commit</c>: repository and tag split from the reference, changes, message and pause.</summary>
    public static CommitContainerChangesParameters Commit(string containerId, ImageReference image, CommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new CommitContainerChangesParameters
        {
            ContainerID = containerId,
            RepositoryName = image.WithoutTag().WithoutDigest().ToString(),
            Pause = options.Pause,
            Changes = options.Changes.Count > 0 ? [.. options.Changes] : null!,
            Comment = options.Message!,
        };
        if (image.Tag is { } tag)
        {
            parameters.Tag = tag.ToString();
        }

        return parameters;
    }

    /// <summary>The body of <c>POST /containers/{id}/exec</c>; environment values travel here, never in a URL.</summary>
    public static ContainerExecCreateParameters ExecCreate(ApiExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ContainerExecCreateParameters
        {
            Cmd = [.. request.Command],
            Env = request.Environment.Select(v => $"{v.Key}={v.Value}").ToList(),
            User = request.User!,
            WorkingDir = request.WorkingDirectory!,
            TTY = request.Tty,
            AttachStdin = request.HasStandardInput,
            AttachStdout = true,
            AttachStderr = true,
        };
    }
}
