using System.Text.Json;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Housekeeping through the CLI: listing containers by label, the default bridge's subnets, pruning labelled images.</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.List(labelFilters)), "containers", cancellationToken).ConfigureAwait(false);
        var ids = Lines(result.StandardOutputText);
        if (ids.Count == 0)
        {
            return [];
        }

        // One inspect for all: names, image, state and labels in the same JSON shape on both engines.
        var inspect = await Runner.RunAsync(new CliInvocation(ContainerArguments.Inspect(ids)), cancellationToken).ConfigureAwait(false);
        var summaries = new List<ContainerSummary>();
        if (inspect.StandardOutput.Length > 0)
        {
            using var doc = JsonDocument.Parse(inspect.StandardOutput);
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                var i = CliInspection.ReadContainer(element.Clone(), Dialect);
                summaries.Add(new ContainerSummary(i.Id, [i.Name], i.Image, i.Status, i.Labels));
            }
        }

        // A container removed between list and inspect (--rm) is simply absent; any other failure is an error.
        if (inspect.ExitCode != 0 && Dialect.Classify(inspect.StandardError) != FailureKind.NoSuchContainer)
        {
            throw Failure(inspect, "containers");
        }

        return summaries;
    }

    public async Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.InspectNetwork(Dialect.DefaultBridgeNetwork)), Dialect.DefaultBridgeNetwork, cancellationToken).ConfigureAwait(false);
        using var doc = ParseJson(result);
        return Dialect.ParseBridgeSubnets(doc.RootElement);
    }


    public async Task<IReadOnlyList<string>> PruneImagesAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        // `image prune` only removes dangling images unless --all; the label filters make sure only ours go.
        var result = await CheckedAsync(new CliInvocation(ImageArguments.Prune(labelFilters)), "images", cancellationToken).ConfigureAwait(false);
        return Lines(result.StandardOutputText);
    }
}
