using System.Buffers.Binary;

namespace TfInit.NumPy;

/// <summary>
/// A supported numpy element type: kind <c>f</c> (IEEE float, 2/4/8 bytes), <c>i</c> (signed integer,
/// 1/2/4/8 bytes), <c>u</c> (unsigned integer, 1/2/4/8 bytes) or <c>b</c> (bool, 1 byte), with a byte order.
/// Decodes to and encodes from <see cref="double"/>.
/// </summary>
internal readonly record struct NpyDtype(char Kind, int Size, bool BigEndian)
{
    /// <summary>The dtypes this library reads, for error messages.</summary>
    public const string SupportedList =
        "f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8 and b1, little-endian ('<') or big-endian ('>'), e.g. '<f4'";

    /// <summary>Float32, little-endian: <c>&lt;f4</c>.</summary>
    public static NpyDtype Float32 => new('f', 4, false);

    /// <summary>Float64, little-endian: <c>&lt;f8</c>.</summary>
    public static NpyDtype Float64 => new('f', 8, false);

    /// <summary>
    /// Parses a numpy descr string such as <c>&lt;f4</c>, <c>&gt;i8</c>, <c>|u1</c> or <c>|b1</c>.
    /// Returns <see langword="false"/> with a reason when the descr is not supported.
    /// </summary>
    public static bool TryParse(string descr, out NpyDtype dtype, out string reason)
    {
        dtype = default;
        reason = string.Empty;
        ReadOnlySpan<char> s = descr.AsSpan();
        bool? bigEndian = null;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            if (s[0] == '>')
            {
                bigEndian = true;
            }
            else if (s[0] == '<')
            {
                bigEndian = false;
            }

            s = s[1..];
        }

        if (s.Length >= 1 && s[0] == 'O')
        {
            reason = "object arrays (dtype 'O') hold pickled python objects and are not supported";
            return false;
        }

        if (s.Length < 2 || s[0] is not ('f' or 'i' or 'u' or 'b') || !int.TryParse(s[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
        {
            reason = DescribeUnsupported(s);
            return false;
        }

        char kind = s[0];
        bool ok = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            _ => false,
        };
        if (!ok)
        {
            reason = DescribeUnsupported(s);
            return false;
        }

        // '|' (not applicable) and '=' (native) are taken as the machine's byte order.
        dtype = new NpyDtype(kind, size, bigEndian ?? !BitConverter.IsLittleEndian);
        return true;
    }

    private static string DescribeUnsupported(ReadOnlySpan<char> s) => (s.Length == 0 ? '\0' : s[0]) switch
    {
        'c' => "complex numbers are not supported",
        'S' or 'a' => "byte strings are not supported",
        'U' => "unicode strings are not supported",
        'V' => "raw void/structured data is not supported",
        'M' => "datetime64 is not supported",
        'm' => "timedelta64 is not supported",
        'f' => "only float widths 2, 4 and 8 are supported",
        'i' or 'u' => "only integer widths 1, 2, 4 and 8 are supported",
        'b' => "only 1-byte bools are supported",
        _ => "this dtype is not supported",
    };

    /// <summary>The canonical numpy descr, e.g. <c>&lt;f4</c> or <c>|u1</c>.</summary>
    public string Descr => Size == 1 ? $"|{Kind}1" : $"{(BigEndian ? '>' : '<')}{Kind}{Size}";

    /// <summary>Decodes <paramref name="source"/> (whole elements) into <paramref name="destination"/>.</summary>
    public void Decode(ReadOnlySpan<byte> source, Span<double> destination)
    {
        int n = destination.Length;
        bool be = BigEndian;
        switch (Kind, Size)
        {
            case ('f', 2):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 2, 2);
                    destination[i] = (double)(be ? BinaryPrimitives.ReadHalfBigEndian(s) : BinaryPrimitives.ReadHalfLittleEndian(s));
                }

                break;
            case ('f', 4):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 4, 4);
                    destination[i] = be ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s);
                }

                break;
            case ('f', 8):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 8, 8);
                    destination[i] = be ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
                }

                break;
            case ('i', 1):
                for (int i = 0; i < n; i++)
                {
                    destination[i] = (sbyte)source[i];
                }

                break;
            case ('u', 1):
                for (int i = 0; i < n; i++)
                {
                    destination[i] = source[i];
                }

                break;
            case ('b', 1):
                for (int i = 0; i < n; i++)
                {
                    destination[i] = source[i] != 0 ? 1.0 : 0.0;
                }

                break;
            case ('i', 2):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 2, 2);
                    destination[i] = be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s);
                }

                break;
            case ('u', 2):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 2, 2);
                    destination[i] = be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
                }

                break;
            case ('i', 4):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 4, 4);
                    destination[i] = be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
                }

                break;
            case ('u', 4):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 4, 4);
                    destination[i] = be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
                }

                break;
            case ('i', 8):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 8, 8);
                    destination[i] = be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s);
                }

                break;
            case ('u', 8):
                for (int i = 0; i < n; i++)
                {
                    var s = source.Slice(i * 8, 8);
                    destination[i] = be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
                }

                break;
            default:
                throw new InvalidOperationException($"dtype {Descr} has no decoder");
        }
    }

    /// <summary>
    /// Encodes <paramref name="source"/> into <paramref name="destination"/> (whole elements). Integer
    /// and bool kinds take values that were decoded from the same dtype; out-of-range values saturate
    /// and fractions truncate toward zero.
    /// </summary>
    public void Encode(ReadOnlySpan<double> source, Span<byte> destination)
    {
        int n = source.Length;
        bool be = BigEndian;
        for (int i = 0; i < n; i++)
        {
            double v = source[i];
            var d = destination.Slice(i * Size, Size);
            switch (Kind, Size)
            {
                case ('f', 2):
                    if (be)
                    {
                        BinaryPrimitives.WriteHalfBigEndian(d, (Half)v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteHalfLittleEndian(d, (Half)v);
                    }

                    break;
                case ('f', 4):
                    if (be)
                    {
                        BinaryPrimitives.WriteSingleBigEndian(d, (float)v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(d, (float)v);
                    }

                    break;
                case ('f', 8):
                    if (be)
                    {
                        BinaryPrimitives.WriteDoubleBigEndian(d, v);
                    }
                    else
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(d, v);
                    }

                    break;
                case ('b', 1):
                    d[0] = v != 0 ? (byte)1 : (byte)0;
                    break;
                case ('i', _):
                    WriteSigned(d, SaturateSigned(v, Size), be);
                    break;
                case ('u', _):
                    WriteUnsigned(d, SaturateUnsigned(v, Size), be);
                    break;
                default:
                    throw new InvalidOperationException($"dtype {Descr} has no encoder");
            }
        }
    }

    private static long SaturateSigned(double v, int size)
    {
        if (double.IsNaN(v))
        {
            return 0;
        }

        long max = size == 8 ? long.MaxValue : (1L << ((size * 8) - 1)) - 1;
        long min = -max - 1;
        if (v >= 9.2233720368547758E18)
        {
            return max;
        }

        if (v <= -9.2233720368547758E18)
        {
            return min;
        }

        return Math.Clamp((long)v, min, max);
    }

    private static ulong SaturateUnsigned(double v, int size)
    {
        if (double.IsNaN(v) || v <= 0)
        {
            return 0;
        }

        ulong max = size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        if (v >= 1.8446744073709552E19)
        {
            return max;
        }

        return Math.Min((ulong)v, max);
    }

    private static void WriteSigned(Span<byte> d, long value, bool be)
    {
        switch (d.Length)
        {
            case 1: d[0] = (byte)(sbyte)value; break;
            case 2: if (be) { BinaryPrimitives.WriteInt16BigEndian(d, (short)value); } else { BinaryPrimitives.WriteInt16LittleEndian(d, (short)value); } break;
            case 4: if (be) { BinaryPrimitives.WriteInt32BigEndian(d, (int)value); } else { BinaryPrimitives.WriteInt32LittleEndian(d, (int)value); } break;
            default: if (be) { BinaryPrimitives.WriteInt64BigEndian(d, value); } else { BinaryPrimitives.WriteInt64LittleEndian(d, value); } break;
        }
    }

    private static void WriteUnsigned(Span<byte> d, ulong value, bool be)
    {
        switch (d.Length)
        {
            case 1: d[0] = (byte)value; break;
            case 2: if (be) { BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)value); } else { BinaryPrimitives.WriteUInt16LittleEndian(d, (ushort)value); } break;
            case 4: if (be) { BinaryPrimitives.WriteUInt32BigEndian(d, (uint)value); } else { BinaryPrimitives.WriteUInt32LittleEndian(d, (uint)value); } break;
            default: if (be) { BinaryPrimitives.WriteUInt64BigEndian(d, value); } else { BinaryPrimitives.WriteUInt64LittleEndian(d, value); } break;
        }
    }
}
