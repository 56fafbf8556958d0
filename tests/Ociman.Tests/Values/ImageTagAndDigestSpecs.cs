namespace Ociman.Tests.Values;

public class ImageTagAndDigestSpecs
{
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("latest")]
    [InlineData("v1.2.3-alpine")]
    [InlineData("_latest")]
    [InlineData("9")]
    public void A_valid_tag_round_trips(string text) => Assert.Equal(text, ImageTag.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData(".latest")]
    [InlineData("-latest")]
    [InlineData("la test")]
    [InlineData("la/test")]
    [InlineData("la:test")]
    [InlineData("latést")]
    public void An_invalid_tag_is_rejected_with_a_message_saying_what_is_allowed(string text)
    {
        var exception = Assert.Throws<FormatException>(() => ImageTag.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid image tag: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("letters, digits, '_', '.' or '-'", exception.Message, StringComparison.Ordinal);
        Assert.False(ImageTag.TryParse(text, out _));
    }

    [Fact]
    public void A_tag_may_have_128_characters_but_not_129()
    {
        Assert.True(ImageTag.TryParse(new string('a', 128), out _));
        Assert.False(ImageTag.TryParse(new string('a', 129), out _));
    }

    [Fact]
    public void Latest_is_the_tag_latest() => Assert.Equal(ImageTag.Parse("latest"), ImageTag.Latest);

    [Fact]
    public void Tags_compare_by_exact_text()
    {
        Assert.True(ImageTag.Parse("v1") == ImageTag.Parse("v1"));
        Assert.True(ImageTag.Parse("v1") != ImageTag.Parse("V1"));
        Assert.Equal(ImageTag.Parse("v1").GetHashCode(), ImageTag.Parse("v1").GetHashCode());
    }

    [Fact]
    public void Tag_Parse_rejects_null() => Assert.Throws<ArgumentNullException>(() => ImageTag.Parse(null!));

    [Theory]
    [InlineData("sha256:" + Hex64, "sha256", Hex64)]
    [InlineData("sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "sha256", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("sha384:" + Hex64 + "0123456789abcdef0123456789abcdef", "sha384", Hex64 + "0123456789abcdef0123456789abcdef")]
    [InlineData("sha512:" + Hex64 + Hex64, "sha512", Hex64 + Hex64)]
    [InlineData("multihash+base58:0123456789abcdef0123456789abcdef", "multihash+base58", "0123456789abcdef0123456789abcdef")]
    [InlineData("sha256+b64u.x_y-z:0123456789abcdef0123456789abcdef01", "sha256+b64u.x_y-z", "0123456789abcdef0123456789abcdef01")]
    public void A_valid_digest_has_an_algorithm_and_hex(string text, string algorithm, string hex)
    {
        var digest = ImageDigest.Parse(text);

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(text, digest.ToString());
    }

    [Theory]
    [InlineData("sha256:" + Hex64 + "0", "sha256 digests have 64 hex digits")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef", "sha256 digests have 64 hex digits")]
    [InlineData("sha384:" + Hex64, "sha384 digests have 96 hex digits")]
    [InlineData("sha512:" + Hex64, "sha512 digests have 128 hex digits")]
    [InlineData("foo:0123456789abcdef0123456789abcde", "at least 32 hex digits")]
    [InlineData("sha256:" + "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "hexadecimal")]
    [InlineData("sha256", "'algorithm:hex'")]
    [InlineData("", "empty")]
    [InlineData(":0123456789abcdef0123456789abcdef", "algorithm is empty")]
    [InlineData("1sha:0123456789abcdef0123456789abcdef", "start with a letter")]
    [InlineData("sha-:0123456789abcdef0123456789abcdef", "start with a letter")]
    [InlineData("sha--x:0123456789abcdef0123456789abcdef", "start with a letter")]
    public void An_invalid_digest_is_rejected_with_a_message_quoting_it(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => ImageDigest.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid image digest: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(ImageDigest.TryParse(text, out _));
    }

    [Fact]
    public void Known_algorithms_are_held_to_their_length_whatever_their_case() =>
        Assert.False(ImageDigest.TryParse("SHA256:0123456789abcdef0123456789abcdef", out _));

    [Fact]
    public void Sha256_builds_a_digest_from_64_hex_digits()
    {
        Assert.Equal(ImageDigest.Parse("sha256:" + Hex64), ImageDigest.Sha256(Hex64));
        Assert.Throws<ArgumentException>(() => ImageDigest.Sha256("abc"));
    }

    [Fact]
    public void Digests_compare_by_algorithm_and_hex()
    {
        var left = ImageDigest.Parse("sha256:" + Hex64);

        Assert.True(left == ImageDigest.Parse("sha256:" + Hex64));
        Assert.Equal(left.GetHashCode(), ImageDigest.Parse("sha256:" + Hex64).GetHashCode());
        Assert.True(left != ImageDigest.Parse("sha256:" + Hex64[..63] + "0"));
    }

    [Fact]
    public void Digest_Parse_rejects_null() => Assert.Throws<ArgumentNullException>(() => ImageDigest.Parse(null!));
}
