namespace Ociman.Tests.Values;

public class MountSpecs
{
    [Fact]
    public void A_bind_mount_renders_source_and_target() =>
        Assert.Equal("type=bind,source=/srv/data,target=/data", Mount.Bind("/srv/data", "/data").ToString());

    [Fact]
    public void A_read_only_bind_mount_ends_with_readonly() =>
        Assert.Equal("type=bind,source=/srv/data,target=/data,readonly", Mount.Bind("/srv/data", "/data", readOnly: true).ToString());

    [Fact]
    public void A_volume_mount_renders_the_volume_name()
    {
        Assert.Equal("type=volume,source=pgdata,target=/var/lib/postgresql/data", Mount.Volume("pgdata", "/var/lib/postgresql/data").ToString());
        Assert.Equal("type=volume,source=cache,target=/cache,readonly", Mount.Volume("cache", "/cache", readOnly: true).ToString());
    }

    [Fact]
    public void A_tmpfs_mount_has_only_a_target()
    {
        var mount = Mount.Tmpfs("/tmp");

        Assert.Equal("type=tmpfs,target=/tmp", mount.ToString());
        Assert.Equal(MountType.Tmpfs, mount.Type);
        Assert.Null(mount.Source);
    }

    [Theory]
    [InlineData("/srv/a,b", "type=bind,\"source=/srv/a,b\",target=/data")]
    [InlineData("/srv/say \"hi\"", "type=bind,\"source=/srv/say \"\"hi\"\"\",target=/data")]
    [InlineData("/srv/line\nbreak", "type=bind,\"source=/srv/line\nbreak\",target=/data")]
    public void A_source_with_a_comma_quote_or_line_break_is_quoted_like_csv(string hostPath, string expected)
    {
        var mount = Mount.Bind(hostPath, "/data");

        Assert.Equal(expected, mount.ToString());
        Assert.Equal(mount, Mount.Parse(mount.ToString()));
    }

    [Fact]
    public void A_target_with_a_comma_is_quoted_like_csv()
    {
        var mount = Mount.Tmpfs("/a,b");

        Assert.Equal("type=tmpfs,\"target=/a,b\"", mount.ToString());
        Assert.Equal("/a,b", Mount.Parse(mount.ToString()).Target);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("./data")]
    [InlineData("")]
    public void A_bind_mount_needs_an_absolute_host_path(string hostPath)
    {
        var exception = Assert.Throws<ArgumentException>(() => Mount.Bind(hostPath, "/data"));

        Assert.Equal("hostPath", exception.ParamName);
        Assert.Contains($"'{hostPath}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("absolute", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("")]
    public void Every_mount_needs_an_absolute_container_path(string containerPath)
    {
        Assert.Equal("containerPath", Assert.Throws<ArgumentException>(() => Mount.Bind("/srv", containerPath)).ParamName);
        Assert.Equal("containerPath", Assert.Throws<ArgumentException>(() => Mount.Volume("v", containerPath)).ParamName);
        Assert.Equal("containerPath", Assert.Throws<ArgumentException>(() => Mount.Tmpfs(containerPath)).ParamName);
    }

    [Fact]
    public void Paths_with_NUL_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Mount.Bind("/srv\0x", "/data"));
        Assert.Throws<ArgumentException>(() => Mount.Tmpfs("/tmp\0x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-vol")]
    [InlineData("my vol")]
    [InlineData("a/b")]
    [InlineData("a,b")]
    public void A_volume_name_must_be_a_valid_name(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => Mount.Volume(name, "/data"));

        Assert.Equal("name", exception.ParamName);
        Assert.Contains($"'{name}'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type=bind,source=/srv,target=/data", MountType.Bind, "/srv", "/data", false)]
    [InlineData("type=bind,src=/srv,dst=/data,ro", MountType.Bind, "/srv", "/data", true)]
    [InlineData("type=bind,source=/srv,destination=/data,readonly=true", MountType.Bind, "/srv", "/data", true)]
    [InlineData("type=bind,source=/srv,target=/data,readonly=0", MountType.Bind, "/srv", "/data", false)]
    [InlineData("TYPE=volume,Source=v1,Target=/data,RO=1", MountType.Volume, "v1", "/data", true)]
    [InlineData("source=v1,target=/data", MountType.Volume, "v1", "/data", false)]
    [InlineData("target=/tmp,type=tmpfs", MountType.Tmpfs, null, "/tmp", false)]
    [InlineData("\"type=bind\",\"source=/a\"\"b\",target=/data", MountType.Bind, "/a\"b", "/data", false)]
    public void Parse_accepts_the_mount_option_keys_and_aliases(string text, MountType type, string? source, string target, bool readOnly)
    {
        var mount = Mount.Parse(text);

        Assert.Equal(type, mount.Type);
        Assert.Equal(source, mount.Source);
        Assert.Equal(target, mount.Target);
        Assert.Equal(readOnly, mount.ReadOnly);
    }

    [Theory]
    [InlineData("type=bind,source=/srv/data,target=/data")]
    [InlineData("type=bind,source=/srv/data,target=/data,readonly")]
    [InlineData("type=volume,source=pgdata,target=/var/lib/postgresql/data")]
    [InlineData("type=tmpfs,target=/tmp")]
    public void Canonical_text_round_trips(string text) => Assert.Equal(text, Mount.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("type=bind,source=/srv", "no target")]
    [InlineData("type=bind,target=/data", "needs a source")]
    [InlineData("type=bind,source=relative,target=/data", "must be absolute")]
    [InlineData("type=volume,target=/data", "needs a source")]
    [InlineData("type=volume,source=v,target=data", "must be absolute")]
    [InlineData("type=tmpfs,source=x,target=/tmp", "has no source")]
    [InlineData("type=tmpfs,target=/tmp,readonly", "cannot be read-only")]
    [InlineData("type=npipe,target=/x", "type 'npipe'")]
    [InlineData("type=bind,type=bind,source=/s,target=/t", "given twice")]
    [InlineData("type=bind,source=/s,src=/s,target=/t", "given twice")]
    [InlineData("type=bind,source=/s,target=/t,dst=/t", "given twice")]
    [InlineData("type=bind,source=/s,target=/t,ro,readonly", "given twice")]
    [InlineData("type=bind,source=/s,target=/t,readonly=maybe", "'maybe'")]
    [InlineData("type=bind,source=/s,target=/t,bind-propagation=rshared", "key 'bind-propagation' is not supported")]
    [InlineData("type=bind,,source=/s,target=/t", "empty field")]
    [InlineData("type=bind,source=/s,target=/t,", "empty field")]
    [InlineData("type=bind,source=/a\"b,target=/t", "quoted")]
    [InlineData("type=bind,\"source=/a,target=/t", "never closed")]
    [InlineData("type=bind,\"source=/a\"x,target=/t", "followed by ','")]
    [InlineData("type=bind,source,target=/t", "'source' needs a value")]
    public void An_invalid_mount_specification_is_rejected_with_a_message_quoting_it(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => Mount.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid mount specification: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(Mount.TryParse(text, out _));
    }

    [Fact]
    public void Mounts_with_the_same_parts_are_equal()
    {
        var parsed = Mount.Parse("type=bind,src=/srv,dst=/data,ro");
        var built = Mount.Bind("/srv", "/data", readOnly: true);

        Assert.True(parsed == built);
        Assert.Equal(parsed.GetHashCode(), built.GetHashCode());
        Assert.True(built != Mount.Bind("/srv", "/data"));
        Assert.True(built != Mount.Volume("srv", "/data", readOnly: true));
        Assert.True(Mount.Tmpfs("/a") != Mount.Tmpfs("/b"));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Mount.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => Mount.Bind(null!, "/data"));
        Assert.Throws<ArgumentNullException>(() => Mount.Volume("v", null!));
        Assert.Throws<ArgumentNullException>(() => Mount.Tmpfs(null!));
        Assert.False(Mount.TryParse(null, out _));
    }
}
