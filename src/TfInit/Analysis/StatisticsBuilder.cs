using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace TfInit.Analysis;

/// <summary>
/// <see cref="Statistics.Of"/> of values that are never held together: the caller gives the values chunk by chunk, in
/// order, and gives them again while <see cref="IsComplete"/> is false (a counter-based fill regenerates them at no
/// memory cost). The result equals <see cref="Statistics.Of"/> of the whole array bit for bit, so a streamed
/// <c>tfinit init --format stats</c> prints the digits the in-memory one prints.
/// </summary>
/// <remarks>
/// The first pass gives the mean, min and max, the second the squared deviations from that mean, summed in index
/// order as <see cref="Statistics.Of"/> sums them. The mean of <see cref="Statistics.Of"/> is
/// <see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/>, whose order of additions for double does not depend on
/// the address (it never aligns floating-point data) but does depend on the widest accelerated vector (W lanes):
/// lane j adds the elements W + j, 2W + j, ... of the whole blocks of 8 vectors after the first vector, then the
/// first vector, the up to 7 remaining whole vectors, the last vector masked to the elements no block held, and the
/// lanes are added by the vector's own Sum. That order is reproduced here lane by lane. A few values (up to
/// <see cref="BufferedCount"/>) are simply held and passed to <see cref="Statistics.Of"/>, in one pass.
/// </remarks>
public sealed class StatisticsBuilder
{
    /// <summary>Up to this many values are held and given to <see cref="Statistics.Of"/> at once: one pass, 512 KB.</summary>
    public const int BufferedCount = 1 << 16;

    private readonly long _count;
    private readonly int _lanes;
    private readonly long _blocksEnd;
    private readonly double[] _head;
    private readonly double[] _laneSums;
    private readonly double[] _tail;
    private long _position;
    private int _pass = 1;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double _mean;
    private double _squares;
    private Statistics? _result;

    /// <summary>Starts the statistics of <paramref name="count"/> values.</summary>
    /// <param name="count">How many values each pass gives; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public StatisticsBuilder(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        if (count <= BufferedCount)
        {
            _head = new double[count];
            _laneSums = _tail = [];
            return;
        }

        // The vector width TensorPrimitives.Sum picks; 0 is its sequential software fallback.
        _lanes = Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : Vector128.IsHardwareAccelerated ? 2 : 0;
        int block = 8 * _lanes;
        _blocksEnd = _lanes == 0 ? count : _lanes + ((count - _lanes) / block * block);
        _head = new double[_lanes];
        _laneSums = new double[_lanes];
        _tail = new double[count - _blocksEnd];
    }

    /// <summary>Whether the statistics are known; while false, give the values (again, from the first) with <see cref="Add"/>.</summary>
    public bool IsComplete => _result is not null;

    /// <summary>Gives the next values of the current pass, in index order.</summary>
    /// <param name="values">The next values; a pass may be cut into chunks of any lengths.</param>
    /// <exception cref="InvalidOperationException">More values than the count in this pass, or the statistics are complete.</exception>
    public void Add(ReadOnlySpan<double> values)
    {
        if (_result is not null || values.Length > _count - _position)
        {
            throw new InvalidOperationException($"The statistics take {_count} values per pass; {values.Length} more would pass that, or they are complete.");
        }

        if (_pass == 1)
        {
            AddFirst(values);
        }
        else
        {
            foreach (double v in values)
            {
                _squares += (v - _mean) * (v - _mean);
            }
        }

        _position += values.Length;
        if (_position == _count)
        {
            EndPass();
        }
    }

    /// <summary>The statistics, once <see cref="IsComplete"/>.</summary>
    /// <returns>What <see cref="Statistics.Of"/> returns for all the values.</returns>
    /// <exception cref="InvalidOperationException">A pass is not finished.</exception>
    public Statistics Result() =>
        _result ?? throw new InvalidOperationException($"The statistics are not complete: pass {_pass} has {_position} of {_count} values.");

    private void AddFirst(ReadOnlySpan<double> values)
    {
        if (_count <= BufferedCount)
        {
            values.CopyTo(_head.AsSpan((int)_position));
            return;
        }

        _min = Math.Min(_min, TensorPrimitives.Min(values));
        _max = Math.Max(_max, TensorPrimitives.Max(values));
        long at = _position;
        int i = 0;
        for (; i < values.Length && at + i < _lanes; i++)
        {
            _head[at + i] = values[i];
        }

        if (_lanes == 0)
        {
            foreach (double v in values)
            {
                _sum += v;
            }

            return;
        }

        int lane = (int)((at + i) % _lanes);
        for (; i < values.Length && at + i < _blocksEnd; i++)
        {
            _laneSums[lane] += values[i];
            lane = lane + 1 == _lanes ? 0 : lane + 1;
        }

        if (i < values.Length)
        {
            values[i..].CopyTo(_tail.AsSpan((int)(at + i - _blocksEnd)));
        }
    }

    private void EndPass()
    {
        _position = 0;
        if (_count <= BufferedCount)
        {
            _result = Statistics.Of(_head);
            return;
        }

        if (_pass == 2)
        {
            _result = new Statistics(_mean, Math.Sqrt(_squares / _count), _min, _max);
            return;
        }

        _pass = 2;
        _mean = (_lanes == 0 ? _sum : SumOfLanes()) / _count;
    }

    /// <summary>The first vector, the remaining whole vectors, the masked last vector, then the lanes: TensorPrimitives.Sum's order.</summary>
    private double SumOfLanes()
    {
        var lanes = _laneSums;
        int w = _lanes;
        int trailing = _tail.Length % w;
        for (int j = 0; j < w; j++)
        {
            lanes[j] += _head[j];
        }

        for (int b = 0; b + w <= _tail.Length; b += w)
        {
            for (int j = 0; j < w; j++)
            {
                lanes[j] += _tail[b + j];
            }
        }

        for (int j = 0; j < w; j++)
        {
            // The last vector ends at the last element; lanes that a whole vector already held add the identity, 0.
            lanes[j] += j >= w - trailing ? _tail[_tail.Length - w + j] : 0.0;
        }

        return w switch
        {
            8 => Vector512.Sum(Vector512.Create(lanes)),
            4 => Vector256.Sum(Vector256.Create(lanes)),
            _ => Vector128.Sum(Vector128.Create(lanes)),
        };
    }
}
