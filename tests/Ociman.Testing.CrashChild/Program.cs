// Usage:
//   hold <marker>   start a fixture container labelled io.ociman.crash-marker=<marker>, print "READY <id>", wait to be killed
//   run <marker>    start a container through TestEngine's engine (RunDetachedAsync, plain `sleep 3600`, no session
//                   labels of its own) labelled io.ociman.crash-marker=<marker>, print "READY <id>", wait to be killed
//   creating <marker> print "READY <pid>", then start a container (RunDetachedAsync, `sleep 3600`) labelled
//                   io.ociman.crash-marker=<marker>; the test kills this process while that run is under way
//   temptag <marker> tag BusyBox as ociman-crash/<marker>:<this process's temporary build tag>, print "READY <reference>",
//                   wait to be killed
//   building <marker> start a build (of ociman-crash/<marker>) whose step prints <marker> and sleeps 600 s; once the
//                   marker is printed, print "READY <this process's temporary build tag prefix>", wait to be killed
//   snapshot <name> seed and commit the snapshot <name>:<key> through a fixture, print "READY <image>", exit
//   sweep           start a test session (the engine probe sweeps orphans of dead processes), print "SWEPT", exit
// And for the long fault campaign (eng/faults.sh), see Campaign.cs:
//   cancel <run|exec|build|fixture> <delay ms> <marker>   cancel the operation after the delay, print one RESULT line
//   daemon <image> <seconds> <marker>                     run/exec/remove in a loop against DOCKER_HOST, print counts
//   fuzz <count> <seed>                                   random inputs to the parsers, print counts per parser
using Ociman;
using Ociman.Testing;
using Ociman.Images;

switch (args)
{
    case ["hold", var marker]:
        var fixture = new HoldFixture(marker);
        await fixture.StartAsync();
        Console.WriteLine($"READY {fixture.Container.Id}");
        await Task.Delay(Timeout.Infinite);
        break;
    case ["run", var marker]:
        var engine = await TestEngine.GetAsync();
        var container = await engine.RunDetachedAsync(
            ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine))
                .WithLabel(HoldFixture.MarkerLabel, marker)
                .WithArguments("sleep", "3600"));
        Console.WriteLine($"READY {container.Id}");
        await Task.Delay(Timeout.Infinite);
        break;
    case ["creating", var marker]:
        var creator = await TestEngine.GetAsync();
        var creatorImage = await OfflineImages.BusyBoxAsync(creator);
        Console.WriteLine($"READY {Environment.ProcessId}");
        await creator.RunDetachedAsync(ContainerDefinition.For(creatorImage).WithLabel(HoldFixture.MarkerLabel, marker).WithArguments("sleep", "3600"));
        await Task.Delay(Timeout.Infinite);
        break;
    case ["temptag", var marker]:
        // What a build killed between its build and its retag leaves: a temporary tag of this process.
        var tagging = await TestEngine.GetAsync();
        var temporary = ImageReference.Parse($"ociman-crash/{marker}:{Engine.TemporaryTagPrefix}crash");
        await tagging.TagImageAsync(await OfflineImages.BusyBoxAsync(tagging), temporary);
        Console.WriteLine($"READY {temporary}");
        await Task.Delay(Timeout.Infinite);
        break;
    case ["building", var marker]:
        var builder = await TestEngine.GetAsync();
        var busybox = await OfflineImages.BusyBoxAsync(builder);
        var printed = new TaskCompletionSource();
        // The step's own output line is the marker alone (the step's header line, "RUN echo <marker> …", is not).
        var progress = new Progress<EngineProgress>(p =>
        {
            if (p.Line.TrimEnd().EndsWith(marker, StringComparison.Ordinal) && !p.Line.Contains("echo", StringComparison.Ordinal))
            {
                printed.TrySetResult();
            }
        });
        var build = builder.BuildIfAbsentAsync(
            ImageBuild.FromInstructions($"FROM {busybox}\nRUN echo {marker} && sleep 600\n").WithContentAddressedTag(ImageReference.Parse($"ociman-crash/{marker}")),
            progress);
        if (await Task.WhenAny(printed.Task, build) != printed.Task)
        {
            await build;
            Console.Error.WriteLine("the build ended before its step printed the marker");
            return 1;
        }

        Console.WriteLine($"READY {Engine.TemporaryTagPrefix}");
        await Task.Delay(Timeout.Infinite);
        break;
    case ["snapshot", var name]:
        await using (var snapshot = new SnapshotFixture(name))
        {
            await snapshot.StartAsync();
            Console.WriteLine($"READY {snapshot.SnapshotImage}");
        }

        break;
    case ["cancel", var operation, var delay, var marker]:
        return await Campaign.CancelAsync(operation, int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture), marker);
    case ["daemon", var image, var seconds, var marker]:
        return await Campaign.DaemonAsync(image, int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), marker);
    case ["fuzz", var count, var seed]:
        return Campaign.Fuzz(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture));
    case ["sweep"]:
        var availability = await TestEngine.GetAvailabilityAsync();
        Console.WriteLine(availability.IsAvailable ? "SWEPT" : $"NO ENGINE: {availability.Reason}");
        return availability.IsAvailable ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: hold <marker> | run <marker> | creating <marker> | temptag <marker> | building <marker> | snapshot <name> | sweep | cancel <op> <delay ms> <marker> | daemon <image> <seconds> <marker> | fuzz <count> <seed>");
        return 2;
}

return 0;

internal sealed class HoldFixture(string marker) : ContainerFixtureBase
{
    public const string MarkerLabel = "io.ociman.crash-marker";

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithLabel(MarkerLabel, marker)
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

internal sealed class SnapshotFixture(string name) : ContainerFixtureBase
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"))
            .SeedWith(Seed.Exec("touch", "/seeded"))
            .WithSnapshot(name);
}
