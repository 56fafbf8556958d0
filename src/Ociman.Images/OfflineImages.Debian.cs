using System.Text;

namespace Ociman.Images;

public static partial class OfflineImages
{
    /// <summary>The repository name of the Debian base image.</summary>
    public static readonly ImageReference DebianName = ImageReference.Parse("ociman-kit/debian");

    /// <summary>The Debian archive the root file system is bootstrapped from.</summary>
    public const string DebianMirror = "http://deb.debian.org/debian";

    /// <summary>The Debian suite of the base image (Debian 12).</summary>
    public const string DebianSuite = "bookworm";

    /// <summary>
    /// The recipe of the cached root file system. The tarball is made again only when this text changes (or the tarball
    /// is missing); change it whenever the steps below change.
    /// </summary>
    private const string DebianRecipe = $"""
        ociman-kit debian rootfs, recipe 1
        debootstrap --variant=minbase {DebianSuite} ROOT {DebianMirror}
        cleanup: apt archives, package caches and lists, /var/log files, /dev entries; empty resolv.conf and hostname
        added: policy-rc.d (no service starts), apt docker-clean, dpkg force-unsafe-io
        tar --sort=name --numeric-owner
        """;

    private const string DebianDockerfile = """
        FROM scratch
        ADD rootfs.tar /
        ENV LANG=C.UTF-8
        CMD ["bash"]
        """;

    /// <summary>Run inside the bootstrapped tree (as <c>bash -c SCRIPT _ ROOT</c>) before it is packed.</summary>
    private const string DebianCleanupScript = """
        set -euo pipefail
        root="$1"
        cd "$root"
        rm -rf ./var/cache/apt/archives/*.deb ./var/cache/apt/archives/partial/* ./var/cache/apt/*.bin ./var/lib/apt/lists/*
        mkdir -p ./var/lib/apt/lists/partial
        find ./var/log -type f -delete
        find ./dev -mindepth 1 -maxdepth 1 -exec rm -rf --one-file-system {} +
        : > ./etc/resolv.conf
        : > ./etc/hostname
        printf '#!/bin/sh\n# Installed by ociman-kit: packages installed in image builds start no services.\nexit 101\n' > ./usr/sbin/policy-rc.d
        chmod 755 ./usr/sbin/policy-rc.d
        cat > ./etc/apt/apt.conf.d/docker-clean <<'CONF'
        DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
        APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
        Dir::Cache::pkgcache "";
        Dir::Cache::srcpkgcache "";
        CONF
        echo force-unsafe-io > ./etc/dpkg/dpkg.cfg.d/docker-apt-speedup
        """;

    /// <summary>
    /// A Debian 12 (bookworm) base image, <c>ociman-kit/debian:&lt;hash&gt;</c>: the <c>minbase</c> root file system made by
    /// <c>debootstrap</c>, with <c>bash</c>, <c>apt-get</c> (Debian's archive must be reachable to install packages) and
    /// about 100 MB on disk.
    /// </summary>
    /// <remarks>
    /// The root file system is bootstrapped once per machine into <c>contexts/debian/rootfs.tar</c> under
    /// <see cref="CacheDirectory"/> and is never rewritten while the recipe stays the same, so the content-addressed tag is
    /// stable and a machine that has the image does no work (not even <c>debootstrap</c>). Docker and Podman build from
    /// the same tarball. Making the tarball needs root and Debian's <c>debootstrap</c> package
    /// (<c>eng/provision-images.sh</c> installs it); it takes a minute or two.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>debootstrap</c> is not installed, the process is not root, or bootstrapping failed.</exception>
    public static async Task<ImageReference> DebianBaseAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var context = await PrepareDebianContextAsync(cancellationToken).ConfigureAwait(false);

        // Hashing the 120 MB context takes most of a second; the tag it gave is remembered next to the context, keyed by
        // the tarball's length and time and the Dockerfile and recipe bytes, so a warm call costs one "image exists".
        var memo = Path.Combine(CacheDirectory, "contexts", $"debian.{engine.Kind.ToCliName()}.ref");
        var key = DebianContextKey(context);
        if (File.Exists(memo) && File.ReadAllLines(memo) is [var storedKey, var storedReference] && storedKey == key
            && ImageReference.TryParse(storedReference, out var remembered)
            && await engine.ImageExistsAsync(remembered, cancellationToken).ConfigureAwait(false))
        {
            return remembered;
        }

        var reference = await engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(context).WithContentAddressedTag(DebianName), cancellationToken).ConfigureAwait(false);
        if (DebianContextKey(context) == key)
        {
            var temporary = memo + "." + Guid.NewGuid().ToString("N");
            await File.WriteAllLinesAsync(temporary, [key, reference.ToString()], CancellationToken.None).ConfigureAwait(false);
            File.Move(temporary, memo, overwrite: true);
        }

        return reference;
    }

    /// <summary>What identifies the Debian context's content without reading the tarball: its length and time, and the small files' bytes.</summary>
    private static string DebianContextKey(string context)
    {
        var tarball = new FileInfo(Path.Combine(context, "rootfs.tar"));
        var small = File.ReadAllBytes(Path.Combine(context, "Dockerfile")).Concat(File.ReadAllBytes(Path.Combine(context, "recipe.txt"))).ToArray();
        return FormattableString.Invariant($"v1 {tarball.Length} {tarball.LastWriteTimeUtc.Ticks} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(small))}");
    }

    /// <summary>Makes sure the Debian build context (Dockerfile, recipe and root-file-system tarball) is in the cache; returns its directory.</summary>
    private static async Task<string> PrepareDebianContextAsync(CancellationToken cancellationToken)
    {
        var context = ContextDirectory("debian");
        var tarball = Path.Combine(context, "rootfs.tar");
        var recipeFile = Path.Combine(context, "recipe.txt");
        var recipe = Encoding.UTF8.GetBytes(DebianRecipe + "\n");
        if (IsCurrent(tarball, recipeFile, recipe))
        {
            WriteIfChanged(Path.Combine(context, "Dockerfile"), Encoding.UTF8.GetBytes(DebianDockerfile + "\n"));
            return context;
        }

        Directory.CreateDirectory(context);
        await using var gate = await FileGate.AcquireAsync(Path.Combine(CacheDirectory, "contexts", "debian.lock"), cancellationToken).ConfigureAwait(false);
        if (!IsCurrent(tarball, recipeFile, recipe))
        {
            await BootstrapAsync(tarball, recipeFile, recipe, cancellationToken).ConfigureAwait(false);
        }

        WriteIfChanged(Path.Combine(context, "Dockerfile"), Encoding.UTF8.GetBytes(DebianDockerfile + "\n"));
        return context;
    }

    private static bool IsCurrent(string tarball, string recipeFile, byte[] recipe) =>
        File.Exists(tarball) && File.Exists(recipeFile) && File.ReadAllBytes(recipeFile).AsSpan().SequenceEqual(recipe);

    /// <summary>Runs debootstrap into a temporary directory, cleans the tree, packs it, and moves the tarball into place.</summary>
    private static async Task BootstrapAsync(string tarball, string recipeFile, byte[] recipe, CancellationToken cancellationToken)
    {
        var debootstrap = HostProcess.Find("debootstrap")
            ?? throw new InvalidOperationException(
                "'debootstrap' is not on PATH: the Debian base image (and the Postgres image built on it) is bootstrapped from Debian's archive with it. "
                + "Run eng/provision-images.sh as root (it installs Debian's debootstrap package), then try again.");
        if (!OperatingSystem.IsWindows() && !Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "debootstrap needs root to make the Debian root file system for ociman-kit/debian. Run once as root (any test or example using "
                + $"OfflineImages.DebianBaseAsync does it); the result is cached in {Path.GetDirectoryName(tarball)} for every user of that cache directory.");
        }

        var work = Path.Combine(CacheDirectory, "work");
        Directory.CreateDirectory(work);

        // Leftovers of a killed run: safe to remove, since this process holds the lock.
        foreach (var stale in Directory.EnumerateFileSystemEntries(work, "debian-*"))
        {
            await RemoveTreeAsync(stale).ConfigureAwait(false);
        }

        var id = Guid.NewGuid().ToString("N");
        var root = Path.Combine(work, "debian-" + id);
        var partial = Path.Combine(work, "debian-" + id + ".tar");
        try
        {
            await HostProcess.RunAsync(debootstrap, ["--variant=minbase", DebianSuite, root, DebianMirror], cancellationToken).ConfigureAwait(false);
            await HostProcess.RunAsync("bash", ["-c", DebianCleanupScript, "_", root], cancellationToken).ConfigureAwait(false);
            await HostProcess.RunAsync("tar", ["--sort=name", "--numeric-owner", "--xattrs", "-C", root, "-cf", partial, "."], cancellationToken).ConfigureAwait(false);

            // The recipe goes first so that no reader ever pairs the new recipe with an old tarball.
            File.Delete(recipeFile);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, RegularFileMode);
            }

            File.Move(partial, tarball, overwrite: true);
            WriteIfChanged(recipeFile, recipe);
        }
        finally
        {
            await RemoveTreeAsync(root).ConfigureAwait(false);
            File.Delete(partial);
        }
    }

    /// <summary>Removes a bootstrap tree: unmounts what a killed debootstrap may have left mounted, never crosses into another file system.</summary>
    private static async Task RemoveTreeAsync(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var mount in new[] { "proc", "sys", "dev/pts", "dev" })
            {
                var target = Path.Combine(path, mount);
                if (Directory.Exists(target))
                {
                    await HostProcess.TryRunAsync("umount", ["--recursive", "--lazy", target]).ConfigureAwait(false);
                }
            }

            await HostProcess.TryRunAsync("rm", ["-rf", "--one-file-system", path]).ConfigureAwait(false);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
