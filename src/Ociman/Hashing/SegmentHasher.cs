using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ociman;

/// <summary>A SHA-256 hash over a sequence of segments, each preceded by its length, so that no two different sequences share a digest.</summary>
/// <remarks>
/// Every segment is fed to SHA-256 as its length in bytes (an unsigned 64-bit little-endian integer, 8 bytes) followed by its bytes.
/// Pushing <c>"ab"</c> then <c>"c"</c> therefore hashes differently from pushing <c>"a"</c> then <c>"bc"</c>.
/// With no segment at all the digest is the SHA-256 of the empty input.
/// This is the framing of content-addressed image tags; see <c>docs/content-hash.md</c>.
/// <para>
/// Public on purpose: a seed step of your own (a <c>SeedStep</c> subclass in Ociman.Testing) adds what it applies to the
/// snapshot key through it, and the framing is published with test vectors, so a key can be recomputed outside .NET.
/// </para>
/// </remarks>
public sealed class SegmentHasher : IDisposable
{
    // Large enough that a read is a handful of system calls per megabyte, small enough to stay out of the large object heap.
    private const int StreamBufferSize = 80 * 1024;

    // Strings up to this many UTF-8 bytes are encoded on the stack.
    private const int StackEncodeLimit = 512;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _finished;
    private bool _disposed;

    /// <summary>Pushes one segment: its length, then its bytes.</summary>
    /// <exception cref="InvalidOperationException">The digest has already been taken with <see cref="FinishHex"/>.</exception>
    /// <exception cref="ObjectDisposedException">The hasher has been disposed.</exception>
    public void Push(ReadOnlySpan<byte> segment)
    {
        PushLength(segment.Length);
        _hash.AppendData(segment);
    }

    /// <summary>Pushes one segment holding the UTF-8 encoding of <paramref name="segment"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="segment"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The digest has already been taken with <see cref="FinishHex"/>.</exception>
    /// <exception cref="ObjectDisposedException">The hasher has been disposed.</exception>
    public void Push(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var byteCount = Encoding.UTF8.GetByteCount(segment);
        if (byteCount <= StackEncodeLimit)
        {
            Span<byte> bytes = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(segment, bytes);
            Push(bytes);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(segment, rented);
            Push(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Pushes one segment holding the invariant-culture decimal text of <paramref name="value"/> (for example <c>"42"</c>, <c>"-1"</c>).</summary>
    /// <remarks>Counts and other numbers are framed as text so that the hash input stays readable in a hex dump and easy to reproduce in any language.</remarks>
    /// <exception cref="InvalidOperationException">The digest has already been taken with <see cref="FinishHex"/>.</exception>
    /// <exception cref="ObjectDisposedException">The hasher has been disposed.</exception>
    public void PushNumber(long value)
    {
        Span<char> chars = stackalloc char[24];
        value.TryFormat(chars, out var written, default, CultureInfo.InvariantCulture);
        Span<byte> bytes = stackalloc byte[24];
        var byteCount = Encoding.UTF8.GetBytes(chars[..written], bytes);
        Push(bytes[..byteCount]);
    }

    /// <summary>Pushes one segment of <paramref name="length"/> bytes read from <paramref name="stream"/>, without holding the content in memory.</summary>
    /// <remarks>
    /// The length prefix is written first, then the content is read through a pooled buffer, so memory use does not grow with the content size.
    /// The stream must produce exactly <paramref name="length"/> bytes: fewer or more (a file that changed while it was hashed) is an error,
    /// because the prefix already written would then describe different content.
    /// </remarks>
    /// <param name="stream">The stream to read from its current position.</param>
    /// <param name="length">The exact number of bytes the stream will produce.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="IOException">The stream ended before <paramref name="length"/> bytes, or had more bytes after them.</exception>
    /// <exception cref="InvalidOperationException">The digest has already been taken with <see cref="FinishHex"/>.</exception>
    /// <exception cref="ObjectDisposedException">The hasher has been disposed.</exception>
    public async Task PushStreamAsync(Stream stream, long length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        PushLength(length);

        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferSize);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var wanted = (int)Math.Min(buffer.Length, remaining);
                var read = await stream.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException(
                        $"The stream ended after {length - remaining} of the {length} bytes announced (did the file shrink while it was being hashed?).");
                }

                _hash.AppendData(buffer, 0, read);
                remaining -= read;
            }

            var extra = await stream.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
            if (extra != 0)
            {
                throw new IOException(
                    $"The stream has more than the {length} bytes announced (did the file grow while it was being hashed?).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Finishes the hash and returns the SHA-256 digest as 64 lowercase hexadecimal characters.</summary>
    /// <remarks>The hasher cannot be pushed to or finished again afterwards.</remarks>
    /// <exception cref="InvalidOperationException">The digest has already been taken.</exception>
    /// <exception cref="ObjectDisposedException">The hasher has been disposed.</exception>
    public string FinishHex()
    {
        EnsureUsable();
        _finished = true;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Releases the underlying hash state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _hash.Dispose();
    }

    private void PushLength(long length)
    {
        EnsureUsable();
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)length);
        _hash.AppendData(prefix);
    }

    private void EnsureUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The digest has already been taken; create a new SegmentHasher to hash more segments.");
        }
    }
}
