#if !NET9_0_OR_GREATER
namespace Ociman;

/// <summary>On .NET 8, <c>Convert.ToHexStringLower</c> (a .NET 9 method), so the same call compiles on every target framework.</summary>
internal static class ConvertPolyfill
{
    extension(Convert)
    {
        /// <summary>The bytes as lower-case hexadecimal digits, two per byte.</summary>
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes)
        {
            const string Digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }
    }
}
#endif
