using System.Text;

namespace Ociman.Tests.Hashing;

public class SegmentHasherSpecs
{
    [Theory]
    [InlineData(new string[0], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(new[] { "" }, "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc")]
    [InlineData(new[] { "hello" }, "fe745503750fdbf3e6ef676d16d85ee0d63626c594222f7e991908bdffef7ac9")]
    [InlineData(new[] { "ab", "c" }, "43ee655579de01ca739b3f95c1c2d3f46d353b2c0df818064ea594506cdb2617")]
    [InlineData(new[] { "a", "bc" }, "9a8acca1b6c6c0befd3fbc756aed625da998c998f7252e738c4ef061906b9b21")]
    public void The_spec_vectors_hash_exactly(string[] segments, string expected)
    {
        using var hasher = new SegmentHasher();
        foreach (var segment in segments)
        {
            hasher.Push(segment);
        }

        Assert.Equal(expected, hasher.FinishHex());
    }

    [Fact]
    public void Pushing_bytes_is_the_same_as_pushing_their_utf8_string()
    {
        using var fromString = new SegmentHasher();
        using var fromBytes = new SegmentHasher();
        fromString.Push("grüße ✓");
        fromBytes.Push(Encoding.UTF8.GetBytes("grüße ✓"));

        Assert.Equal(fromString.FinishHex(), fromBytes.FinishHex());
    }

    [Fact]
    public void A_long_string_is_hashed_like_its_bytes()
    {
        var text = new string('x', 10_000) + "é";
        using var fromString = new SegmentHasher();
        using var fromBytes = new SegmentHasher();
        fromString.Push(text);
        fromBytes.Push(Encoding.UTF8.GetBytes(text));

        Assert.Equal(fromString.FinishHex(), fromBytes.FinishHex());
    }

    [Fact]
    public void A_number_is_pushed_as_its_invariant_decimal_text()
    {
        using var fromNumber = new SegmentHasher();
        using var fromText = new SegmentHasher();
        fromNumber.PushNumber(-1234567);
        fromText.Push("-1234567");

        Assert.Equal(fromText.FinishHex(), fromNumber.FinishHex());
    }

    [Fact]
    public async Task A_streamed_segment_hashes_like_the_same_bytes_pushed_at_once()
    {
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        using var streamed = new SegmentHasher();
        using var direct = new SegmentHasher();
        using var stream = new MemoryStream(content);

        await streamed.PushStreamAsync(stream, content.Length);
        direct.Push(content);

        Assert.Equal(direct.FinishHex(), streamed.FinishHex());
    }

    [Fact]
    public async Task A_stream_shorter_than_announced_is_an_error()
    {
        using var hasher = new SegmentHasher();
        using var stream = new MemoryStream(new byte[10]);

        var error = await Assert.ThrowsAsync<IOException>(() => hasher.PushStreamAsync(stream, 11));
        Assert.Contains("10 of the 11 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_longer_than_announced_is_an_error()
    {
        using var hasher = new SegmentHasher();
        using var stream = new MemoryStream(new byte[12]);

        await Assert.ThrowsAsync<IOException>(() => hasher.PushStreamAsync(stream, 11));
    }

    [Fact]
    public async Task Streaming_honours_cancellation()
    {
        using var hasher = new SegmentHasher();
        using var stream = new MemoryStream(new byte[10]);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hasher.PushStreamAsync(stream, 10, cancellation.Token));
    }

    [Fact]
    public void A_finished_hasher_refuses_more_segments()
    {
        using var hasher = new SegmentHasher();
        hasher.FinishHex();

        Assert.Throws<InvalidOperationException>(() => hasher.Push("more"));
        Assert.Throws<InvalidOperationException>(() => hasher.FinishHex());
    }

    [Fact]
    public void A_disposed_hasher_refuses_segments()
    {
        var hasher = new SegmentHasher();
        hasher.Dispose();

        Assert.Throws<ObjectDisposedException>(() => hasher.Push("x"));
    }
}
