using System.Buffers;
using System.Globalization;
using System.Text;
using Ociman.Hashing;

namespace Ociman.Builds;

/// <summary>Writes one tar entry whose path or link target is not valid UTF-8, which <see cref="System.Formats.Tar.TarWriter"/> cannot say.</summary>
/// <remarks>
/// The entry is a POSIX.1-2001 (pax) extended header whose <c>path</c> (and <c>linkpath</c>) records hold the bytes
/// as they are, followed by a ustar header with an ASCII stand-in name and the entry's data. Pax records are bytes, and
/// the engines' readers (Go's <c>archive/tar</c> in Docker and Buildah) take the name from them unchanged, so the file
/// arrives under the name it has on disk, as the engines' own CLIs send it.
/// </remarks>
internal static class RawTarEntry
{
    private const int BlockSize = 512;

    // The largest value an 11-digit octal field holds; a larger size goes in a pax "size" record.
    private const long MaxOctal11 = 0x1FFFFFFFF;

    /// <summary>Writes <paramref name="entry"/> (a file, directory or link) to <paramref name="output"/>.</summary>
    /// <exception cref="IOException">The entry cannot be examined or read, or changed size while it was sent.</exception>
    public static async Task WriteAsync(Stream output, ContextEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entry);
        var path = entry.RawFullPath ?? RawNames.Bytes(entry.FullPath);
        var status = RawNames.FullStatus(path);
        var name = entry.RawRelativePath ?? RawNames.Bytes(entry.RelativePath);
        var (type, size) = entry.Kind switch
        {
            ContextEntryKind.File => ((byte)'0', status.Size),
            ContextEntryKind.Directory => ((byte)'5', 0L),
            ContextEntryKind.SymbolicLink => ((byte)'2', 0L),
            _ => throw new InvalidOperationException($"Unknown context entry kind {entry.Kind}."),
        };

        var records = new List<byte[]> { Record("path", entry.Kind == ContextEntryKind.Directory ? [.. name, (byte)'/'] : name) };
        if (entry.Kind == ContextEntryKind.SymbolicLink)
        {
            records.Add(Record("linkpath", entry.RawLinkTarget ?? RawNames.Bytes(entry.LinkTarget!)));
        }

        if (size > MaxOctal11)
        {
            records.Add(Record("size", Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture))));
        }

        var extended = records.SelectMany(static record => record).ToArray();
        var mtime = Math.Clamp(status.ModifiedSeconds, 0, MaxOctal11);
        await output.WriteAsync(Header("PaxHeader/ociman-entry", (byte)'x', 420 /* 0644 */, 0, 0, extended.Length, mtime), cancellationToken).ConfigureAwait(false);
        await WritePaddedAsync(output, extended, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(
            Header("ociman-entry", type, status.PermissionBits, status.Owner, status.Group, Math.Min(size, MaxOctal11), mtime),
            cancellationToken).ConfigureAwait(false);
        if (entry.Kind == ContextEntryKind.File)
        {
            await CopyContentAsync(output, entry, size, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyContentAsync(Stream output, ContextEntry entry, long size, CancellationToken cancellationToken)
    {
        var file = BuildContextHasher.OpenFile(entry);
        await using (file.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var left = size;
                while (left > 0)
                {
                    var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException($"The file '{entry.DisplayPath}' became shorter while it was sent ({size - left} of {size} bytes).");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    left -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        await output.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
    }

    private static async Task WritePaddedAsync(Stream output, byte[] data, CancellationToken cancellationToken)
    {
        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        var padding = (BlockSize - (data.Length % BlockSize)) % BlockSize;
        await output.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A pax record, <c>"LEN key=value\n"</c>, where LEN counts the whole record including its own digits.</summary>
    internal static byte[] Record(string key, byte[] value)
    {
        var body = 1 + key.Length + 1 + value.Length + 1;
        var length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        return [.. Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture) + " " + key + "="), .. value, (byte)'\n'];
    }

    /// <summary>A ustar header block.</summary>
    internal static byte[] Header(string name, byte type, int mode, uint owner, uint group, long size, long mtime)
    {
        var block = new byte[BlockSize];
        Encoding.ASCII.GetBytes(name, block.AsSpan(0, 100));
        Octal(block, 100, 8, mode);
        Octal(block, 108, 8, owner);
        Octal(block, 116, 8, group);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, mtime);
        block[156] = type;
        "ustar\0"u8.CopyTo(block.AsSpan(257));
        "00"u8.CopyTo(block.AsSpan(263));

        // The checksum is the sum of the header's bytes with its own field taken as eight spaces.
        block.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        Octal(block, 148, 7, sum);
        block[155] = (byte)' ';
        return block;
    }

    // A zero-padded octal number filling the field but its last byte, which is NUL.
    private static void Octal(byte[] block, int offset, int width, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(digits, block.AsSpan(offset, width - 1));
        block[offset + width - 1] = 0;
    }
}
