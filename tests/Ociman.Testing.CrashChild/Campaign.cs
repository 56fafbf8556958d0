using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ociman;
using Ociman.Hashing;
using Ociman.Testing;
using Ociman.Images;

/// <summary>
/// The modes of this child that the long fault campaign (eng/faults.sh) drives: one cancelled operation per process,
/// a loop of operations against a daemon the campaign owns and breaks, and bounded parser fuzzing. Each prints
/// machine-readable lines that the script counts; the script bounds every process with its own timeout.
/// </summary>
internal static class Campaign
{
    // A single operation that has not ended after this long is reported as a hang (the script's timeout is longer).
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts <paramref name="operation"/> and cancels it after <paramref name="delayMs"/>. Prints
    /// <c>RESULT op outcome ms-after-cancel exception-type left</c>, where outcome is <c>completed</c> (it ended before the
    /// cancellation; what it made is removed), <c>cancelled</c> (an <see cref="OperationCanceledException"/>), or
    /// <c>error</c>; and <c>left</c> counts the exec's commands still running in the container after the return.
    /// </summary>
    public static async Task<int> CancelAsync(string operation, int delayMs, string marker)
    {
        var engine = await TestEngine.GetAsync();
        var busybox = await OfflineImages.BusyBoxAsync(engine);
        Container? target = null;
        if (operation == "exec")
        {
            target = await engine.RunDetachedAsync(ContainerDefinition.For(busybox)
                .WithLabel(HoldFixture.MarkerLabel, marker)
                .WithArguments("sleep", "3600"));
        }

        using var cancellation = new CancellationTokenSource();
        var cancelledAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellation.Token.Register(() => cancelledAt.TrySetResult(Stopwatch.GetTimestamp()));
        cancellation.CancelAfter(delayMs);
        string outcome;
        var type = "-";
        try
        {
            switch (operation)
            {
                case "run":
                    await using (await engine.RunDetachedAsync(
                        ContainerDefinition.For(busybox).WithLabel(HoldFixture.MarkerLabel, marker).WithArguments("sleep", "3600"),
                        cancellation.Token))
                    {
                    }

                    break;
                case "exec":
                    await target!.Exec("sleep", "37").StatusAsync(cancellation.Token);
                    break;
                case "build":
                    var build = ImageBuild.FromInstructions($"FROM {busybox}\nRUN sleep 3\n")
                        .WithLabel(HoldFixture.MarkerLabel, marker)
                        .WithContentAddressedTag("ociman-campaign/cancel")
                        .WithNoCache();
                    var built = await engine.BuildIfAbsentAsync(build, cancellation.Token);
                    await engine.RemoveImageAsync(built, force: true);
                    break;
                case "fixture":
                    await using (var fixture = new HoldFixture(marker))
                    {
                        await fixture.StartAsync(cancellation.Token);
                    }

                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown operation '{operation}': run, exec, build or fixture");
                    return 2;
            }

            outcome = "completed";
        }
        catch (OperationCanceledException ex)
        {
            outcome = "cancelled";
            type = ex.GetType().Name;
        }
        catch (Exception ex)
        {
            outcome = "error";
            type = ex.GetType().Name;
            await Console.Error.WriteLineAsync(ex.ToString());
        }

        var returned = Stopwatch.GetTimestamp();
        var afterCancel = cancelledAt.Task.IsCompleted
            ? Stopwatch.GetElapsedTime(await cancelledAt.Task, returned).TotalMilliseconds
            : 0;
        var left = 0;
        if (target is not null)
        {
            // What a cancelled exec started must not keep running: count the exec's `sleep 37` in the container.
            var ps = await target.Exec("sh", "-c", "ps -o args | grep -c '^sleep 37' || true").StringAsync();
            left = int.Parse(ps.Trim(), CultureInfo.InvariantCulture);
            await target.DisposeAsync();
        }

        Console.WriteLine(FormattableString.Invariant($"RESULT {operation} {outcome} {afterCancel:F0} {type} {left}"));
        return 0;
    }

    /// <summary>
    /// For <paramref name="seconds"/>, runs a container, execs in it and removes it, over and over, through the Docker
    /// CLI as the environment (<c>DOCKER_HOST</c>) points it, while the campaign kills or freezes that daemon. Each
    /// operation gets a 20 s token, as a caller would give it. Prints one line per operation and a summary:
    /// <c>DAEMON ok N typed N cancelled N untyped N hangs N</c>; an operation still running after a minute is a hang
    /// (the process then exits with 3).
    /// </summary>
    public static async Task<int> DaemonAsync(string image, int seconds, string marker)
    {
        var engine = await Engine.ConnectAsync(EngineKind.Docker);
        var reference = ImageReference.Parse(image);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["ok"] = 0, ["typed"] = 0, ["cancelled"] = 0, ["untyped"] = 0, ["hangs"] = 0 };
        var end = DateTime.UtcNow.AddSeconds(seconds);
        Console.WriteLine("READY");
        while (DateTime.UtcNow < end)
        {
            Container? container = null;
            foreach (var step in new[] { "run", "exec", "remove" })
            {
                if (step != "run" && container is null)
                {
                    continue;
                }

                using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var stopwatch = Stopwatch.StartNew();
                var work = step switch
                {
                    "run" => Task.Run(async () => container = await engine.RunDetachedAsync(
                        ContainerDefinition.For(reference).WithLabel(HoldFixture.MarkerLabel, marker).WithArguments("sleep", "3600"),
                        cancellation.Token)),
                    "exec" => container!.Exec("echo", "hello").StatusAsync(cancellation.Token),
                    _ => container!.RemoveAsync(force: true, cancellation.Token),
                };
                if (await Task.WhenAny(work, Task.Delay(HangBound)) != work)
                {
                    counts["hangs"]++;
                    Console.WriteLine($"OP {step} hang");
                    Console.WriteLine(Summary(counts));
                    Environment.Exit(3);
                }

                string kind;
                try
                {
                    await work;
                    kind = "ok";
                }
                catch (OperationCanceledException)
                {
                    kind = "cancelled";
                }
                catch (OcimanException ex)
                {
                    kind = "typed";
                    Console.WriteLine($"OP {step} {ex.GetType().Name}: {FirstLine(ex.Message)}");
                }
                catch (Exception ex)
                {
                    kind = "untyped";
                    Console.WriteLine($"OP {step} UNTYPED {ex.GetType().Name}: {FirstLine(ex.Message)}");
                }

                counts[kind]++;
                Console.WriteLine(FormattableString.Invariant($"OP {step} {kind} {stopwatch.ElapsedMilliseconds}"));
                if (step == "remove" && kind == "ok")
                {
                    container = null;
                }
            }
        }

        Console.WriteLine(Summary(counts));
        return 0;
    }

    /// <summary>
    /// Feeds <paramref name="count"/> random inputs to each parser (image references, .dockerignore files with a path
    /// matched against them, Dockerfiles' ARG/FROM substitution) and prints
    /// <c>FUZZ parser calls unexpected slow max-ms</c> per parser: an exception of a type the parser does not document
    /// is unexpected; a call over a second is slow.
    /// </summary>
    public static int Fuzz(int count, int seed)
    {
        var random = new Random(seed);
        var parsers = new (string Name, Func<Random, Action> Input, Type[] Allowed)[]
        {
            ("image-reference", r => { var text = Text(r, "abcxyzAZ0129._-/:@ ", 1, 80); return () => ImageReference.Parse(text); }, [typeof(FormatException)]),
            ("dockerignore", r =>
            {
                var text = Text(r, "ab*?[]!^\\-/.#\n ", 0, 60);
                var path = Text(r, "ab/._-", 1, 30);
                return () => DockerIgnore.Parse(text).IsExcluded(path);
            }, [typeof(FormatException)]),
            ("arg-substitution", r =>
            {
                var lines = new StringBuilder();
                for (var i = r.Next(1, 30); i > 0; i--)
                {
                    lines.Append(r.Next(4) switch
                    {
                        0 => "ARG A=$A$A",
                        1 => "ARG " + Text(r, "AB=${}:-+$x", 1, 12),
                        2 => "FROM " + Text(r, "ab${}:-+AB/", 1, 20),
                        _ => "FROM ${A:-busybox}",
                    }).Append('\n');
                }

                var text = lines.ToString();
                return () => DockerfileFromParser.GetBaseImages(text, new Dictionary<string, string>(StringComparer.Ordinal));
            }, [typeof(BuildContextException)]),
        };
        var total = 0;
        foreach (var (name, input, allowed) in parsers)
        {
            var (unexpected, slow, max) = (0, 0, 0.0);
            var types = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var call = input(random);
                var stopwatch = Stopwatch.StartNew();
                try
                {
                    call();
                }
                catch (Exception ex) when (!allowed.Contains(ex.GetType()))
                {
                    unexpected++;
                    types.Add(ex.GetType().Name);
                }
                catch (Exception)
                {
                    // A documented rejection of bad input.
                }

                var ms = stopwatch.Elapsed.TotalMilliseconds;
                max = Math.Max(max, ms);
                slow += ms > 1000 ? 1 : 0;
            }

            total += unexpected + slow;
            Console.WriteLine(FormattableString.Invariant($"FUZZ {name} {count} {unexpected} {slow} {max:F1} {string.Join(',', types)}"));
        }

        return total == 0 ? 0 : 1;
    }

    private static string Text(Random random, string alphabet, int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Summary(SortedDictionary<string, int> counts) =>
        "DAEMON " + string.Join(' ', counts.Select(c => FormattableString.Invariant($"{c.Key} {c.Value}")));

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}
