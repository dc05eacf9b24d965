using System.Text;
using Platter.Dumps.Xml;

namespace Platter.Dumps.Tests.Xml;

/// <summary>The pool of repeated values, keyed on their UTF-8 bytes.</summary>
public sealed class StringPoolTests
{
    [Fact]
    public void A_value_seen_again_is_the_same_string_instance()
    {
        var pool = new StringPool();
        var first = pool.Get("Electronic"u8);
        var again = pool.Get(Encoding.UTF8.GetBytes("Electronic"));

        Assert.Equal("Electronic", first);
        Assert.Same(first, again);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Values_that_differ_only_in_their_last_bytes_or_length_stay_apart()
    {
        var pool = new StringPool();
        string[] values = ["A", "A1", "A2", "B1", "Dahlbäck", "Dahlbäcк", "12345678", "123456789", "Music By [All Tracks By]", "Music By [All Tracks By}"];
        var got = values.Select(v => pool.Get(Encoding.UTF8.GetBytes(v))).ToList();

        Assert.Equal(values, got);
        Assert.Equal(values, values.Select(v => pool.Get(Encoding.UTF8.GetBytes(v))));
        Assert.Equal(values.Length, pool.Count);
    }

    [Theory]
    [InlineData("Tom &amp; Jerry")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    [InlineData("cr\rhere")]
    [InlineData("bell\u0007")]
    public void Text_that_needs_more_than_a_plain_decode_is_left_to_the_caller(string value)
    {
        var pool = new StringPool();
        Assert.Null(pool.Get(Encoding.UTF8.GetBytes(value)));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void A_possible_noncharacter_and_long_values_are_left_to_the_caller()
    {
        var pool = new StringPool();
        Assert.Null(pool.Get([(byte)'a', 0xEF, 0xBF, 0xBE]));
        Assert.Null(pool.Get(Encoding.UTF8.GetBytes(new string('x', StringPool.MaxPooledBytes + 1))));
        Assert.Equal(new string('x', StringPool.MaxPooledBytes), pool.Get(Encoding.UTF8.GetBytes(new string('x', StringPool.MaxPooledBytes))));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Past_its_capacity_the_pool_keeps_nothing_new_but_still_decodes()
    {
        var pool = new StringPool(capacity: 3);
        foreach (var v in new[] { "Rock", "Pop", "Jazz", "Funk / Soul" })
        {
            Assert.Equal(v, pool.Get(Encoding.UTF8.GetBytes(v)));
        }

        Assert.Equal(3, pool.Count);
        Assert.NotSame(pool.Get("Funk / Soul"u8), pool.Get("Funk / Soul"u8));
        Assert.Same(pool.Get("Jazz"u8), pool.Get("Jazz"u8));
    }
}
