namespace Ociman.Tests.Values;

public class ImageReferenceSpecs
{
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine", null, "alpine", null, null)]
    [InlineData("alpine:latest", null, "alpine", "latest", null)]
    [InlineData("docker.io/library/alpine:latest", "docker.io", "library/alpine", "latest", null)]
    [InlineData("alpine@sha256:" + Hex64, null, "alpine", null, "sha256:" + Hex64)]
    [InlineData("docker.io/library/alpine:3.18@sha256:" + Hex64, "docker.io", "library/alpine", "3.18", "sha256:" + Hex64)]
    [InlineData("ghcr.io/myorg/pg-ephemeral/main:abc123", "ghcr.io", "myorg/pg-ephemeral/main", "abc123", null)]
    [InlineData("localhost/pg-ephemeral/main", "localhost", "pg-ephemeral/main", null, null)]
    [InlineData("myhost:5000/myimage", "myhost:5000", "myimage", null, null)]
    [InlineData("myorg/myproject/myimage", null, "myorg/myproject/myimage", null, null)]
    [InlineData("[::1]:5000/x", "[::1]:5000", "x", null, null)]
    [InlineData("pg-ephemeral/main", null, "pg-ephemeral/main", null, null)]
    [InlineData("192.168.1.10/app", "192.168.1.10", "app", null, null)]
    [InlineData("[2001:db8::1]/app:1", "[2001:db8::1]", "app", "1", null)]
    [InlineData("my-registry.example.com:443/team/app", "my-registry.example.com:443", "team/app", null, null)]
    [InlineData("localhost:5000/app", "localhost:5000", "app", null, null)]
    public void A_valid_reference_is_split_into_its_parts(string text, string? domain, string path, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(domain is null ? path : domain + "/" + path, reference.Name);
        Assert.Equal(tag, reference.Tag?.Value);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("my_image-name.test")]
    [InlineData("foo---bar")]
    [InlineData("foo__bar")]
    [InlineData("a-b_c.d__e---f")]
    [InlineData("a")]
    [InlineData("0")]
    public void Path_components_may_use_every_separator(string component)
    {
        Assert.Equal(component, ImageReference.Parse(component).Path);
        Assert.Equal("org/" + component, ImageReference.Parse("org/" + component).Path);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v1.2.3-alpine")]
    [InlineData("_latest")]
    [InlineData("UPPER_case.1-x")]
    public void Tags_may_use_letters_digits_and_separators(string tag)
    {
        var reference = ImageReference.Parse("alpine:" + tag);

        Assert.Equal(tag, reference.Tag?.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ALPINE", "path component 'ALPINE'")]
    [InlineData("alpine:", "tag '' is invalid")]
    [InlineData("alpine@", "digest after '@' is empty")]
    [InlineData("alpine@sha256:tooshort", "hexadecimal")]
    [InlineData("alpine!latest", "path component 'alpine!latest'")]
    [InlineData("bad name with spaces", "path component 'bad name with spaces'")]
    [InlineData("/alpine", "empty component")]
    [InlineData("library//alpine", "empty component")]
    [InlineData("_alpine", "path component '_alpine'")]
    [InlineData(".alpine", "path component")]
    [InlineData("-alpine", "path component '-alpine'")]
    [InlineData("foo-", "path component 'foo-'")]
    [InlineData("foo___bar", "path component 'foo___bar'")]
    [InlineData("foo._bar", "path component 'foo._bar'")]
    [InlineData("alpine:.latest", "tag '.latest'")]
    [InlineData("alpine:-latest", "tag '-latest'")]
    [InlineData("docker.io/", "path after the domain 'docker.io' is empty")]
    [InlineData("[::1/x", "never closes it with ']'")]
    [InlineData("[::1:5000/x", "never closes it with ']'")]
    [InlineData("[::1", "invalid")]
    [InlineData("[zz::1]/x", "'zz::1' in the domain '[zz::1]' is not an IPv6 address")]
    [InlineData("[::1]x/app", "only ':port' may follow")]
    [InlineData("-example.com/x", "'-example' starts or ends with '-'")]
    [InlineData("example-.com/x", "'example-' starts or ends with '-'")]
    [InlineData("example..com/x", "empty component")]
    [InlineData("exa_mple.com/x", "'exa_mple'")]
    [InlineData("myhost:/x", "port ''")]
    [InlineData("myhost:abc/x", "port 'abc'")]
    [InlineData("alpine@sha256:" + Hex64 + "@sha256:" + Hex64, "digest")]
    [InlineData("alpine@1sha:0123456789abcdef0123456789abcdef", "algorithm")]
    [InlineData("alpine@sha256" + Hex64, "algorithm:hex")]
    [InlineData("alpine:a:b", "invalid")]
    public void An_invalid_reference_is_rejected_with_a_message_quoting_it(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid image reference: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(ImageReference.TryParse(text, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void An_upper_case_path_is_rejected_with_a_message_saying_what_is_allowed()
    {
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse("ALPINE"));

        Assert.Contains("lower-case letters and digits, separated by '.', '_', '__' or one or more '-'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sha256_digest_with_32_hex_digits_is_rejected_because_sha256_needs_64()
    {
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse("alpine@sha256:0123456789abcdef0123456789abcdef"));

        Assert.Contains("sha256 digests have 64 hex digits", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'alpine@sha256:0123456789abcdef0123456789abcdef'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_of_129_characters_is_rejected_and_one_of_128_is_accepted()
    {
        var tag128 = "a" + new string('b', 127);

        Assert.Equal(tag128, ImageReference.Parse("alpine:" + tag128).Tag?.Value);
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse("alpine:" + tag128 + "c"));
        Assert.Contains("129 characters", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_255_characters_is_accepted_and_one_of_256_is_rejected()
    {
        var name255 = "registry.example.com/" + new string('a', 255 - "registry.example.com/".Length);
        var name256 = name255 + "b";

        Assert.Equal(name255, ImageReference.Parse(name255 + ":latest").Name);
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse(name256 + ":latest"));
        Assert.Contains("256 characters long, but at most 255", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tag_does_not_count_towards_the_name_length()
    {
        var reference = ImageReference.Parse(new string('a', 255) + ":" + new string('t', 128));

        Assert.Equal(255, reference.Name.Length);
    }

    [Theory]
    [InlineData("myhost:0/x")]
    [InlineData("myhost:65535/x")]
    [InlineData("myhost:99999/x")]
    [InlineData("myhost:1234567/x")]
    public void A_domain_port_is_any_run_of_decimal_digits_as_the_engines_read_it(string text) => Assert.True(ImageReference.TryParse(text, out _));

    [Theory]
    [InlineData("Foo/app", "Foo", "app")]
    [InlineData("ZA/z0:0", "ZA", "z0")]
    [InlineData("Localhost/a--b", "Localhost", "a--b")]
    [InlineData("EXAMPLE/team/app", "EXAMPLE", "team/app")]
    public void A_first_segment_with_an_upper_case_letter_is_a_registry_host_as_the_engines_read_it(string text, string domain, string path)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
    }

    [Theory]
    [InlineData("Foo_Bar/app", "'Foo_Bar'")]
    [InlineData("Foo", "path component 'Foo'")]
    [InlineData("foo/Bar", "path component 'Bar'")]
    public void Upper_case_outside_a_host_is_still_rejected(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ImageReference.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("alpine@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "lower-case hex")]
    [InlineData("alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF", "lower-case hex")]
    [InlineData("alpine@blake3:0123456789abcdef0123456789abcdef", "only sha256, sha384 and sha512")]
    [InlineData("alpine@md5:0123456789abcdef0123456789abcdef", "only sha256, sha384 and sha512")]
    public void A_digest_the_engines_reject_is_rejected_in_a_reference(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ImageReference.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_lower_case_first_segment_without_a_dot_port_or_localhost_is_part_of_the_path()
    {
        var reference = ImageReference.Parse("pg-ephemeral/main");

        Assert.Null(reference.Domain);
        Assert.Equal("pg-ephemeral/main", reference.Path);
    }

    [Fact]
    public void A_reference_without_a_slash_never_has_a_domain_so_a_colon_starts_a_tag()
    {
        var reference = ImageReference.Parse("myhost:5000");

        Assert.Null(reference.Domain);
        Assert.Equal("myhost", reference.Path);
        Assert.Equal("5000", reference.Tag?.Value);
    }

    [Fact]
    public void A_reference_with_a_port_has_a_domain_and_may_still_have_a_tag()
    {
        var reference = ImageReference.Parse("myhost:5000/team/app:1.0");

        Assert.Equal("myhost:5000", reference.Domain);
        Assert.Equal("team/app", reference.Path);
        Assert.Equal(ImageTag.Parse("1.0"), reference.Tag);
    }

    [Fact]
    public void A_sha384_or_sha512_digest_in_lower_case_hex_is_accepted()
    {
        Assert.True(ImageReference.TryParse("alpine@sha384:" + string.Concat(Enumerable.Repeat("0123456789abcdef", 6)), out _));
        Assert.True(ImageReference.TryParse("alpine@sha512:" + string.Concat(Enumerable.Repeat("0123456789abcdef", 8)), out _));
    }

    [Fact]
    public void Parse_rejects_null_with_an_argument_null_exception() =>
        Assert.Throws<ArgumentNullException>(() => ImageReference.Parse(null!));

    [Fact]
    public void TryParse_returns_false_for_null()
    {
        Assert.False(ImageReference.TryParse(null, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_keeps_the_digest()
    {
        var reference = ImageReference.Parse("ghcr.io/o/app:1@sha256:" + Hex64);

        var retagged = reference.WithTag("2");

        Assert.Equal("ghcr.io/o/app:2@sha256:" + Hex64, retagged.ToString());
        Assert.Equal("ghcr.io/o/app:1@sha256:" + Hex64, reference.ToString());
    }

    [Fact]
    public void WithTag_accepts_a_parsed_tag() =>
        Assert.Equal("alpine:3.20", ImageReference.Parse("alpine").WithTag(ImageTag.Parse("3.20")).ToString());

    [Fact]
    public void WithTag_rejects_an_invalid_tag() =>
        Assert.Throws<FormatException>(() => ImageReference.Parse("alpine").WithTag(".bad"));

    [Fact]
    public void WithoutTag_and_WithoutDigest_remove_those_parts()
    {
        var reference = ImageReference.Parse("alpine:3@sha256:" + Hex64);

        Assert.Equal("alpine@sha256:" + Hex64, reference.WithoutTag().ToString());
        Assert.Equal("alpine:3", reference.WithoutDigest().ToString());
        Assert.Equal("alpine", reference.WithoutTag().WithoutDigest().ToString());
    }

    [Fact]
    public void WithDigest_sets_the_digest_from_text_or_a_value()
    {
        var reference = ImageReference.Parse("alpine:3");

        Assert.Equal("alpine:3@sha256:" + Hex64, reference.WithDigest("sha256:" + Hex64).ToString());
        Assert.Equal("alpine:3@sha256:" + Hex64, reference.WithDigest(ImageDigest.Sha256(Hex64)).ToString());
        Assert.Throws<FormatException>(() => reference.WithDigest("sha256:abc"));
    }

    [Theory]
    [InlineData("localhost/app:1", "app:1")]
    [InlineData("localhost/team/app", "team/app")]
    [InlineData("localhost/localhost", "localhost")]
    [InlineData("localhost:5000/app", "localhost:5000/app")]
    [InlineData("ghcr.io/app", "ghcr.io/app")]
    [InlineData("app", "app")]
    [InlineData("localhost/example.com/app", "localhost/example.com/app")]
    [InlineData("localhost/localhost/app", "localhost/localhost/app")]
    public void WithoutLocalhostDomain_drops_only_a_plain_localhost_domain_that_can_be_dropped(string text, string expected)
    {
        var stripped = ImageReference.Parse(text).WithoutLocalhostDomain();

        Assert.Equal(expected, stripped.ToString());
        Assert.Equal(stripped, ImageReference.Parse(stripped.ToString()));
    }

    [Theory]
    [InlineData("localhost/app:1", "app:1", true)]
    [InlineData("app:1", "localhost/app:1", true)]
    [InlineData("localhost/app:1", "localhost/app:1", true)]
    [InlineData("localhost/app:1", "app:2", false)]
    [InlineData("localhost:5000/app:1", "app:1", false)]
    [InlineData("docker.io/library/app:1", "app:1", false)]
    public void MatchesIgnoringLocalhost_compares_references_as_Podman_and_Docker_list_them(string left, string right, bool expected) =>
        Assert.Equal(expected, ImageReference.Parse(left).MatchesIgnoringLocalhost(ImageReference.Parse(right)));

    [Fact]
    public void References_with_the_same_text_are_equal()
    {
        var left = ImageReference.Parse("ghcr.io/o/app:1");
        var right = ImageReference.Parse("ghcr.io/o/app:1");

        Assert.True(left == right);
        Assert.False(left != right);
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [InlineData("ghcr.io/o/app:1", "ghcr.io/o/app:2")]
    [InlineData("ghcr.io/o/app:1", "ghcr.io/o/app")]
    [InlineData("alpine", "docker.io/library/alpine")]
    [InlineData("alpine", "localhost/alpine")]
    [InlineData("alpine:Latest", "alpine:latest")]
    public void References_that_differ_in_text_are_not_equal(string left, string right)
    {
        Assert.NotEqual(ImageReference.Parse(left), ImageReference.Parse(right));
        Assert.True(ImageReference.Parse(left) != ImageReference.Parse(right));
    }

    [Fact]
    public void A_reference_is_not_equal_to_null()
    {
        var reference = ImageReference.Parse("alpine");

        Assert.False(reference.Equals(null));
        Assert.False(reference == null);
        Assert.True((ImageReference?)null == null);
    }
}
