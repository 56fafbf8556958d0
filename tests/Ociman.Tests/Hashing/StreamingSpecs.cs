using Ociman.Hashing;

namespace Ociman.Tests.Hashing;

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement
{
}

[Collection(nameof(AllocationMeasurement))]
public sealed class StreamingSpecs : IDisposable
{
    private const long FileSize = 50L * 1024 * 1024;
    private readonly TempContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task A_large_file_is_hashed_without_reading_it_into_memory()
    {
        _context.Write("Dockerfile", "FROM scratch\nCOPY big.bin /\n");
        await using (var file = new FileStream(_context.PathOf("big.bin"), FileMode.CreateNew))
        {
            var chunk = new byte[1024 * 1024];
            new Random(7).NextBytes(chunk);
            for (var written = 0L; written < FileSize; written += chunk.Length)
            {
                await file.WriteAsync(chunk);
            }
        }

        var input = new BuildHashInput { ContextDirectory = _context.Root };

        // Warm up code paths (JIT, pools) so the measurement sees only the per-run cost.
        await ContentAddress.ComputeAsync(input);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var tag = await ContentAddress.ComputeAsync(input);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Matches("^[0-9a-f]{64}$", tag);
        Assert.True(allocated < 5 * 1024 * 1024, $"Hashing a {FileSize}-byte file allocated {allocated} bytes.");
    }
}
