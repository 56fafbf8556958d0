namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class CopySpecs(EngineFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ociman-it-copy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task I_can_copy_a_file_written_inside_the_container_to_the_host()
    {
        var hostPath = Path.Combine(_dir, "out.txt");
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            await c.Exec("sh", "-c", "echo written inside > /out.txt").StatusAsync();

            await c.CopyFromAsync("/out.txt", hostPath);
        });

        Assert.Equal("written inside\n", await File.ReadAllTextAsync(hostPath));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_copy_a_host_file_into_a_running_container()
    {
        var hostPath = Path.Combine(_dir, "in.txt");
        await File.WriteAllTextAsync(hostPath, "from the host\n");
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            await c.CopyToAsync(hostPath, "/in.txt");

            Assert.Equal("from the host\n", await c.Exec("cat", "/in.txt").StringAsync());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_copy_a_host_directory_into_a_running_container()
    {
        var source = Directory.CreateDirectory(Path.Combine(_dir, "tree"));
        Directory.CreateDirectory(Path.Combine(source.FullName, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source.FullName, "a.txt"), "a\n");
        await File.WriteAllTextAsync(Path.Combine(source.FullName, "sub", "b.txt"), "b\n");
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            await c.CopyToAsync(source.FullName, "/tree");

            Assert.Equal("a\nb\n", await c.Exec("cat", "/tree/a.txt", "/tree/sub/b.txt").StringAsync());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Copying_a_missing_file_out_of_an_existing_container_is_an_engine_error_not_a_missing_container()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var thrown = await Assert.ThrowsAnyAsync<EngineOperationException>(() => c.CopyFromAsync("/no/such/file", Path.Combine(_dir, "nothing")));

            Assert.IsNotType<ContainerNotFoundException>(thrown);
            Assert.Contains("/no/such/file", thrown.Reason, StringComparison.Ordinal);
        });
    }
}
