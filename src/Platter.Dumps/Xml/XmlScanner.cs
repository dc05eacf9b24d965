using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Platter.Dumps.Xml;

/// <summary>The kind of token the scanner stopped at.</summary>
internal enum XmlToken
{
    None,
    StartTag,
    EndTag,
    Text,
    EndOfFile,
}

/// <summary>
/// A forward-only XML tokenizer over UTF-8 bytes, made for the Discogs dumps: no DTDs (a DOCTYPE
/// is an error, so no entity can ever read a file), the five predefined entities and character
/// references only, and the control characters XML forbids dropped and counted instead of
/// failing the file. It checks well-formedness (matching tags, one root, quoted attributes) and
/// knows the line and byte offset of every token, so errors can say where they are.
/// It is several times faster than <c>XmlReader</c> because it decodes only the text its caller
/// asks for, straight from pooled byte buffers.
/// </summary>
internal sealed class XmlScanner : IDisposable
{
    private const int MaxAttributes = 32;

    // Bytes after which text cannot be copied as plain UTF-8: forbidden control characters,
    // CR (line-end normalisation), '&' (references) and 0xEF (possible U+FFFE/U+FFFF).
    private static readonly SearchValues<byte> _textSpecials = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'&', 0xEF]);

    private static readonly SearchValues<byte> _hexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    // Printable ASCII except '&': text made only of these decodes byte for char.
    private static readonly SearchValues<byte> _plainAscii = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b != '&').Select(b => (byte)b).ToArray());

    // In attribute values TAB and LF also need work: XML turns them into spaces.
    private static readonly SearchValues<byte> _attributeSpecials = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'&', 0xEF]);

    // A lambda, not the method group: the compiler makes it an instance method of a cached object,
    // which the JIT can inline at the call in string.Create. A delegate to the static method itself
    // went through a shuffle thunk at every call and was never inlined.
    private static readonly SpanAction<char, PlainText> _widen = static (into, text) => Widen(into, text);

    private readonly Stream _stream;
    private readonly Attribute[] _attributes = new Attribute[MaxAttributes];
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _streamDone;
    private long _bufferStartOffset;
    private long _linesBeforeBuffer;
    private int _tokenStart;
    private int _nameStart;
    private int _nameLength;
    private int _textStart;
    private int _textLength;
    private bool _textIsCData;
    private int _attributeCount;
    private bool _rootSeen;
    private bool _rootClosed;

    // Open elements, as their name bytes one after the other, for end-tag matching.
    private byte[] _openNames = new byte[256];
    private int[] _openStarts = new int[32];
    private int[] _openLengths = new int[32];
    private int _depth;
    private char[] _chars = new char[4096];

    public XmlScanner(Stream stream, int bufferSize = 1 << 18)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public XmlToken Token { get; private set; }

    /// <summary>The name of the current start or end tag.</summary>
    public ReadOnlySpan<byte> Name => _buffer.AsSpan(_nameStart, _nameLength);

    /// <summary>True when the current start tag closes itself (<c>&lt;anv/&gt;</c>).</summary>
    public bool IsEmptyElement { get; private set; }

    /// <summary>Open elements around the current position; 1 inside the root element.</summary>
    public int Depth => _depth;

    /// <summary>Forbidden control characters dropped so far (raw or as references).</summary>
    public long DroppedControlCharacters { get; private set; }

    /// <summary>The first dropped control character, for the warning text.</summary>
    public int LastDroppedCharacter { get; private set; }

    /// <summary>The byte offset of the current token in the uncompressed input.</summary>
    public long TokenOffset => _bufferStartOffset + _tokenStart;

    /// <summary>The 1-based line of the current token.</summary>
    public long TokenLine
    {
        get
        {
            // Count incrementally: records ask for their line, and rescanning the buffer each time costs more than parsing.
            var upTo = Math.Min(_tokenStart, _end);
            if (upTo < _lineCountedTo)
            {
                _lineCountedTo = 0;
                _linesInBuffer = 0;
            }

            _linesInBuffer += _buffer.AsSpan(_lineCountedTo, upTo - _lineCountedTo).Count((byte)'\n');
            _lineCountedTo = upTo;
            return _linesBeforeBuffer + 1 + _linesInBuffer;
        }
    }

    private int _lineCountedTo;
    private long _linesInBuffer;

    /// <summary>Set by the caller: how to name the position in errors (the file path).</summary>
    public string SourceName { get; init; } = "input";

    /// <summary>
    /// Set by the caller: names the last good record (<c>release 9</c>) for an error. Asked only
    /// when an error is made, so that records do not pay for a label each.
    /// </summary>
    public Func<string?>? LastGoodRecord { get; set; }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Moves to the next start tag, end tag or text (comments and processing instructions are skipped).</summary>
    public XmlToken Read()
    {
        while (true)
        {
            if (_pos >= _end)
            {
                _tokenStart = _pos;
            }

            if (_pos >= _end && !Fill())
            {
                if (_depth > 0)
                {
                    _tokenStart = _pos;
                    throw Error($"the file ends inside <{OpenName(_depth - 1)}>: it is truncated");
                }

                if (!_rootSeen)
                {
                    _tokenStart = _pos;
                    throw Error("the file holds no XML element: it is empty or not a Discogs dump");
                }

                return Token = XmlToken.EndOfFile;
            }

            _tokenStart = _pos;
            if (_bufferStartOffset == 0 && _pos == 0 && Ensure(3) && _buffer.AsSpan(0, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _pos = _tokenStart = 3; // a UTF-8 byte order mark
                continue;
            }

            if (_buffer[_pos] != (byte)'<')
            {
                ScanText();
                if (_depth == 0)
                {
                    if (!IsWhitespace(_buffer.AsSpan(_textStart, _textLength)))
                    {
                        throw Error(_rootSeen ? "text after the end of the root element" : "text before the root element: this is not an XML file");
                    }

                    continue;
                }

                _textIsCData = false;
                return Token = XmlToken.Text;
            }

            if (!Ensure(2))
            {
                throw Error("the file ends inside a tag: it is truncated");
            }

            switch (_buffer[_pos + 1])
            {
                case (byte)'/':
                    ScanEndTag();
                    return Token = XmlToken.EndTag;
                case (byte)'?':
                    SkipPast("?>"u8, "processing instruction");
                    continue;
                case (byte)'!':
                    if (ScanBang())
                    {
                        return Token = XmlToken.Text;
                    }

                    continue;
                default:
                    ScanStartTag();
                    return Token = XmlToken.StartTag;
            }
        }
    }

    /// <summary>
    /// Reads the text content of the element whose start tag is current, up to its end tag.
    /// Null when the element is empty or holds only white space (the dumps' "no value").
    /// Child elements inside it are skipped and reported through <paramref name="onSkipped"/>.
    /// </summary>
    public string? ReadElementText(Action<string>? onSkipped = null)
    {
        if (IsEmptyElement)
        {
            return null;
        }

        string text;
        if (FindSimpleContent() is var lt and >= 0)
        {
            // The common case, <name>text</name> already in the buffer: one step, no tokens.
            if (lt == _pos)
            {
                TakeEndTag(lt);
                return null;
            }

            _tokenStart = _pos; // errors in the text name the text's place
            text = Decode(_pos, lt - _pos, attribute: false);
            TakeEndTag(lt);
            return NullIfBlank(text);
        }

        if (Read() == XmlToken.EndTag)
        {
            return null;
        }

        if (Token == XmlToken.Text)
        {
            // Decode before reading on: the next read may move the buffer.
            var first = CurrentText();
            text = Read() == XmlToken.EndTag ? first : first + ContinueText(onSkipped);
        }
        else
        {
            text = ContinueText(onSkipped);
        }

        return NullIfBlank(text);
    }

    // An element's text that is empty or all white space is the dumps' "no value". Most values
    // start with a letter or digit: the scan for all-white-space is skipped then.
    private static string? NullIfBlank(string text) =>
        text.Length > 0 && text[0] > ' ' && text[0] < 0x80 ? text : string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// Reads the current element's text as an integer without decoding it to a string first (ids
    /// are the hottest values). Null when empty; <paramref name="invalid"/> holds text that is not
    /// a number.
    /// </summary>
    public long? ReadElementInt64(out string? invalid)
    {
        invalid = null;
        if (IsEmptyElement)
        {
            return null;
        }

        if (FindSimpleContent() is var lt and >= 0
            && TryParseDigits(_buffer.AsSpan(_pos, lt - _pos), out var number))
        {
            TakeEndTag(lt);
            return number;
        }

        if (Read() == XmlToken.EndTag)
        {
            return null;
        }

        string text;
        if (Token == XmlToken.Text && !_textIsCData)
        {
            var span = _buffer.AsSpan(_textStart, _textLength).Trim(" \t\r\n"u8);
            if (TryParseDigits(span, out var value))
            {
                if (Read() == XmlToken.EndTag)
                {
                    return value;
                }

                text = value.ToString() + ContinueText();
            }
            else
            {
                text = CurrentText() + CollectRest();
            }
        }
        else
        {
            text = ContinueText();
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (long.TryParse(trimmed, out var parsed))
        {
            return parsed;
        }

        invalid = trimmed;
        return null;
    }

    /// <summary>
    /// Reads <paramref name="leaf"/> in one step when it is the next thing in the input, whole in
    /// the buffer and holding only text (<c>&lt;name&gt;text&lt;/name&gt;</c> or
    /// <c>&lt;name/&gt;</c>): the dumps write most elements so, in the same order every time,
    /// and then no tag needs scanning. The text is what <see cref="ReadElementText"/> would
    /// return; with <paramref name="keepSpace"/>, text of white space only is kept too, and only
    /// an element with no text at all gives null. False, with nothing read, when the element is
    /// not next, or is written otherwise.
    /// </summary>
    public bool TryReadLeafText(ElementTags leaf, out string? text, bool keepSpace = false)
    {
        var end = MatchLeaf(leaf, out var start, out var length);
        text = null;
        if (end < 0)
        {
            return false;
        }

        if (length > 0)
        {
            _tokenStart = start; // errors in the text name the text's place
            var decoded = Decode(start, length, attribute: false);
            text = !keepSpace ? NullIfBlank(decoded) : decoded.Length == 0 ? null : decoded;
        }

        TakeLeaf(end, leaf);
        return true;
    }

    /// <summary>
    /// As <see cref="TryReadLeafText"/> for an element holding a number written in plain digits
    /// (null when empty). False, with nothing read, for anything else, which
    /// <see cref="ReadElementInt64"/> then reads and reports.
    /// </summary>
    public bool TryReadLeafInt64(ElementTags leaf, out long? value)
    {
        var end = MatchLeaf(leaf, out var start, out var length);
        value = null;
        if (end < 0)
        {
            return false;
        }

        if (length > 0)
        {
            if (!TryParseDigits(_buffer.AsSpan(start, length), out var number))
            {
                return false;
            }

            value = number;
        }

        TakeLeaf(end, leaf);
        return true;
    }

    /// <summary>
    /// Reads the start tag <c>&lt;name&gt;</c> of <paramref name="element"/> (no attributes) when
    /// it is the next thing in the input, by comparing bytes instead of scanning: the dumps' lists
    /// hold one kind of element each. False, with nothing read, otherwise.
    /// </summary>
    public bool TryReadStartTag(ElementTags element)
    {
        var open = element.Open;
        if (!_buffer.AsSpan(_pos, _end - _pos).StartsWith(open))
        {
            return false;
        }

        _tokenStart = _pos;
        _nameStart = _pos + 1;
        _nameLength = element.Name.Length;
        _attributeCount = 0;
        IsEmptyElement = false;
        _pos += open.Length;
        Push(_nameStart, _nameLength);
        Token = XmlToken.StartTag;
        return true;
    }

    // Where the leaf element at _pos ends, with where its text starts and how long it is; -1 when
    // the element at _pos is another, or not whole in the buffer, or holds more than text. Never
    // inside an element written <name/>: what follows that is not its content.
    private int MatchLeaf(ElementTags leaf, out int textStart, out int textLength)
    {
        textStart = 0;
        textLength = 0;
        if (Token == XmlToken.StartTag && IsEmptyElement)
        {
            return -1;
        }

        var rest = _buffer.AsSpan(_pos, _end - _pos);
        if (rest.StartsWith(leaf.Open))
        {
            var open = leaf.Open.Length;
            var lt = rest[open..].IndexOf((byte)'<');
            if (lt < 0 || !rest[(open + lt)..].StartsWith(leaf.Close))
            {
                return -1;
            }

            textStart = _pos + open;
            textLength = lt;
            return textStart + lt + leaf.Close.Length;
        }

        return rest.StartsWith(leaf.Empty) ? _pos + leaf.Empty.Length : -1;
    }

    // Moves past the leaf element MatchLeaf found, as if its end tag had just been read.
    private void TakeLeaf(int end, ElementTags leaf)
    {
        _tokenStart = _pos;
        _nameStart = _pos + 1;
        _nameLength = leaf.Name.Length;
        _pos = end;
        IsEmptyElement = false;
        Token = XmlToken.EndTag;
    }

    /// <summary>
    /// For the element whose start tag was just read: where its end tag starts when the element
    /// holds only text (no child, comment or CDATA) and the text and the end tag are both in the
    /// buffer already; -1 otherwise, and then nothing has changed.
    /// </summary>
    private int FindSimpleContent()
    {
        var b = _buffer;
        var lt = b.AsSpan(_pos, _end - _pos).IndexOf((byte)'<');
        if (lt < 0 || _depth == 0)
        {
            return -1;
        }

        lt += _pos;
        var length = _openLengths[_depth - 1];
        var nameAt = lt + 2;
        return nameAt + length < _end && b[lt + 1] == (byte)'/' && b[nameAt + length] == (byte)'>' && IsOpenName(nameAt)
            ? lt
            : -1;
    }

    /// <summary>Moves past the end tag at <paramref name="lt"/> that <see cref="FindSimpleContent"/> found.</summary>
    private void TakeEndTag(int lt)
    {
        _tokenStart = lt;
        _nameStart = lt + 2;
        _nameLength = _openLengths[_depth - 1];
        _pos = _nameStart + _nameLength + 1;
        Token = XmlToken.EndTag;
        if (--_depth == 0)
        {
            _rootClosed = true;
        }
    }

    /// <summary>Skips the element whose start tag is current, with everything inside it.</summary>
    public void Skip()
    {
        if (IsEmptyElement)
        {
            return;
        }

        var depth = _depth;
        while (true)
        {
            if (Read() == XmlToken.EndTag && _depth < depth)
            {
                return;
            }
        }
    }

    /// <summary>The decoded value of an attribute of the current start tag, or null when it is absent. Values are trimmed.</summary>
    public string? GetAttribute(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var a = ref _attributes[i];
            if (_buffer.AsSpan(a.NameStart, a.NameLength).SequenceEqual(name))
            {
                return Decode(a.ValueStart, a.ValueLength, attribute: true).Trim();
            }
        }

        return null;
    }

    /// <summary>An integer attribute; null when absent or empty, and <paramref name="invalid"/> holds text that is not a number.</summary>
    public long? GetAttributeInt64(ReadOnlySpan<byte> name, out string? invalid)
    {
        invalid = null;
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var a = ref _attributes[i];
            if (_buffer.AsSpan(a.NameStart, a.NameLength).SequenceEqual(name))
            {
                var untrimmed = _buffer.AsSpan(a.ValueStart, a.ValueLength);
                var raw = untrimmed.Trim(" \t\r\n"u8);
                if (raw.IsEmpty)
                {
                    return null;
                }

                if (TryParseDigits(raw, out var v))
                {
                    return v;
                }

                invalid = Decode(a.ValueStart + untrimmed.Length - untrimmed.TrimStart(" \t\r\n"u8).Length, raw.Length, attribute: true);
                return null;
            }
        }

        return null;
    }

    /// <summary>The decoded text of the current text token (CDATA kept as written).</summary>
    public string CurrentText()
    {
        return _textIsCData ? DecodeCData(_buffer.AsSpan(_textStart, _textLength)) : Decode(_textStart, _textLength, attribute: false);
    }

    /// <summary>An error at the current token, with file, line, offset and the last good record.</summary>
    public DumpFormatException Error(string problem, Exception? inner = null) =>
        new(SourceName, TokenLine, TokenOffset, LastGoodRecord?.Invoke(), problem, inner);

    // The current token is part of an element's content: take it, then the rest up to the end tag.
    private string ContinueText(Action<string>? onSkipped = null)
    {
        switch (Token)
        {
            case XmlToken.Text:
                return CurrentText() + CollectRest(onSkipped);
            case XmlToken.StartTag:
                onSkipped?.Invoke(Encoding.UTF8.GetString(Name));
                Skip();
                return CollectRest(onSkipped);
            default:
                return "";
        }
    }

    private string CollectRest(Action<string>? onSkipped = null)
    {
        StringBuilder? sb = null;
        while (Read() != XmlToken.EndTag)
        {
            if (Token == XmlToken.Text)
            {
                (sb ??= new StringBuilder()).Append(CurrentText());
            }
            else if (Token == XmlToken.StartTag)
            {
                onSkipped?.Invoke(Encoding.UTF8.GetString(Name));
                Skip();
            }
        }

        return sb?.ToString() ?? "";
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> span, out long value)
    {
        value = 0;
        if (span.IsEmpty || span.Length > 18)
        {
            return false;
        }

        foreach (var b in span)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> span) => span.Trim(" \t\r\n"u8).IsEmpty;

    // 1 for the bytes that end a tag or attribute name: white space, '/', '>', '=' and the quotes.
    private static ReadOnlySpan<byte> NameEnds => [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameEnd(byte b) => NameEnds[b] != 0;

    private string OpenName(int index)
    {
        return Encoding.UTF8.GetString(_openNames, _openStarts[index], _openLengths[index]);
    }

    // Names are copied 16 bytes at a time: keep that much room after the last one.
    private void Push(int nameStart, int length)
    {
        if (_depth == _openStarts.Length)
        {
            Array.Resize(ref _openStarts, _depth * 2);
            Array.Resize(ref _openLengths, _depth * 2);
        }

        var start = _depth == 0 ? 0 : _openStarts[_depth - 1] + _openLengths[_depth - 1];
        if (start + length + 16 > _openNames.Length)
        {
            Array.Resize(ref _openNames, Math.Max(_openNames.Length * 2, start + length + 16));
        }

        if (length <= 16 && nameStart + 16 <= _buffer.Length)
        {
            Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_buffer), (nuint)nameStart)
                .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_openNames), (nuint)start);
        }
        else
        {
            _buffer.AsSpan(nameStart, length).CopyTo(_openNames.AsSpan(start));
        }

        _openStarts[_depth] = start;
        _openLengths[_depth] = length;
        _depth++;
    }

    // True when the name at 'at' in the buffer is the innermost open element's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsOpenName(int at)
    {
        var length = _openLengths[_depth - 1];
        var open = _openStarts[_depth - 1];
        if (length <= 16 && at + 16 <= _buffer.Length)
        {
            var same = Vector128.Equals(
                Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_buffer), (nuint)at),
                Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_openNames), (nuint)open)).ExtractMostSignificantBits();
            var wanted = (1u << length) - 1;
            return (same & wanted) == wanted;
        }

        return _buffer.AsSpan(at, length).SequenceEqual(_openNames.AsSpan(open, length));
    }

    private void ScanText()
    {
        var searchFrom = _pos;
        while (true)
        {
            var lt = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'<');
            if (lt >= 0)
            {
                _textStart = _tokenStart;
                _textLength = searchFrom + lt - _tokenStart;
                _pos = searchFrom + lt;
                return;
            }

            var scanned = _end - _tokenStart;
            if (!Fill())
            {
                // Text runs to the end of the input: fine after the root (white space), else truncated.
                _textStart = _tokenStart;
                _textLength = _end - _tokenStart;
                _pos = _end;
                return;
            }

            searchFrom = _tokenStart + scanned;
        }
    }

    private void ScanEndTag()
    {
        // The common case: the end tag is exactly the open element's name and '>'.
        if (_depth > 0)
        {
            var length = _openLengths[_depth - 1];
            var at = _pos + 2;
            if (at + length < _end && _buffer[at + length] == (byte)'>' && IsOpenName(at))
            {
                _nameStart = at;
                _nameLength = length;
                _pos = at + length + 1;
                IsEmptyElement = false;
                if (--_depth == 0)
                {
                    _rootClosed = true;
                }

                return;
            }
        }

        var close = FindTagEnd(_pos + 2);
        var nameSpan = _buffer.AsSpan(_pos + 2, close - _pos - 2).TrimEnd(" \t\r\n"u8);
        _nameStart = _pos + 2;
        _nameLength = nameSpan.Length;
        _pos = close + 1;
        IsEmptyElement = false;
        if (_depth == 0)
        {
            throw Error($"unexpected end tag </{Encoding.UTF8.GetString(nameSpan)}> with no element open");
        }

        var open = _openNames.AsSpan(_openStarts[_depth - 1], _openLengths[_depth - 1]);
        if (!open.SequenceEqual(nameSpan))
        {
            throw Error($"end tag </{Encoding.UTF8.GetString(nameSpan)}> does not match <{Encoding.UTF8.GetString(open)}>: the XML is malformed");
        }

        _depth--;
        if (_depth == 0)
        {
            _rootClosed = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ScanStartTag()
    {
        if (_rootClosed && _depth == 0)
        {
            throw Error("a second root element: the XML is malformed");
        }

        // One pass over the tag; when it runs past the bytes read so far, read more and start over.
        while (!TryScanStartTag())
        {
            if (!Fill())
            {
                throw Error("the file ends inside a tag: it is truncated");
            }
        }
    }

    // Scans the start tag at _pos and its attributes. False when the buffer ends first; nothing is
    // changed then, so the caller can refill and call again.
    private bool TryScanStartTag()
    {
        var b = _buffer;
        var end = _end;
        var start = _pos;
        var p = start + 1;
        while (p < end && !IsNameEnd(b[p]))
        {
            p++;
        }

        if (p >= end)
        {
            return false;
        }

        var nameLength = p - start - 1;
        if (nameLength == 0)
        {
            throw Error("a '<' that does not start a tag: the XML is malformed");
        }

        var count = 0;
        bool empty;
        while (true)
        {
            while (p < end && IsSpace(b[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            if (b[p] == (byte)'>')
            {
                empty = false;
                break;
            }

            if (b[p] == (byte)'/')
            {
                if (p + 1 >= end)
                {
                    return false;
                }

                if (b[p + 1] != (byte)'>')
                {
                    throw Error("a '/' inside a tag: the XML is malformed");
                }

                empty = true;
                p++;
                break;
            }

            var attributeStart = p;
            while (p < end && !IsNameEnd(b[p]))
            {
                p++;
            }

            var attributeLength = p - attributeStart;
            while (p < end && IsSpace(b[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            if (attributeLength == 0 || b[p] != (byte)'=')
            {
                throw Error($"an attribute without a value in <{Encoding.UTF8.GetString(b, start + 1, nameLength)}>: the XML is malformed");
            }

            p++;
            while (p < end && IsSpace(b[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            var quote = b[p];
            if (quote is not ((byte)'"' or (byte)'\''))
            {
                throw Error($"an attribute value without quotes in <{Encoding.UTF8.GetString(b, start + 1, nameLength)}>: the XML is malformed");
            }

            // The value runs to the matching quote; '>' may occur in it, '<' may not.
            var valueStart = p + 1;
            var valueLength = b.AsSpan(valueStart, end - valueStart).IndexOfAny(quote, (byte)'<');
            if (valueLength < 0)
            {
                return false;
            }

            if (b[valueStart + valueLength] == (byte)'<')
            {
                throw Error("a '<' inside an attribute value: the XML is malformed");
            }

            if (count < MaxAttributes)
            {
                _attributes[count++] = new Attribute(attributeStart, attributeLength, valueStart, valueLength);
            }

            p = valueStart + valueLength + 1;
        }

        _nameStart = start + 1;
        _nameLength = nameLength;
        _attributeCount = count;
        IsEmptyElement = empty;
        _pos = p + 1;
        if (!empty)
        {
            Push(_nameStart, _nameLength);
        }

        _rootSeen = true;
        if (_depth == 0)
        {
            _rootClosed = true;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Finds the '&gt;' that ends the end tag starting at <see cref="_tokenStart"/>; refills as needed.</summary>
    private int FindTagEnd(int from)
    {
        var offset = from - _tokenStart;
        while (true)
        {
            var p = _tokenStart + offset;
            var gt = _buffer.AsSpan(p, _end - p).IndexOf((byte)'>');
            if (gt >= 0)
            {
                return p + gt;
            }

            offset = _end - _tokenStart;
            if (!Fill())
            {
                throw Error("the file ends inside a tag: it is truncated");
            }
        }
    }

    /// <summary>Handles <c>&lt;!</c>: comments (skipped), CDATA (returned as text), DOCTYPE (refused).</summary>
    private bool ScanBang()
    {
        Ensure(9);
        var head = _buffer.AsSpan(_pos, Math.Min(9, _end - _pos));
        if (head.StartsWith("<!--"u8))
        {
            SkipPast("-->"u8, "comment");
            return false;
        }

        if (head.StartsWith("<![CDATA["u8))
        {
            var contentOffset = 9;
            var endAt = FindSequence("]]>"u8, _tokenStart + contentOffset, "CDATA section");
            if (_depth == 0)
            {
                throw Error("CDATA outside the root element: the XML is malformed");
            }

            _textStart = _tokenStart + contentOffset;
            _textLength = endAt - _textStart;
            _textIsCData = true;
            _pos = endAt + 3;
            return true;
        }

        if (head.Length >= 9 && Ascii.EqualsIgnoreCase(head[..9], "<!DOCTYPE"u8))
        {
            throw Error("the file has a DOCTYPE declaration; Discogs dumps have none and DTDs are never processed (an HTML page saved in place of the dump looks like this)");
        }

        throw Error("a '<!' that is neither a comment nor CDATA: the XML is malformed");
    }

    private void SkipPast(ReadOnlySpan<byte> terminator, string what)
    {
        var at = FindSequence(terminator, _tokenStart + 2, what);
        _pos = at + terminator.Length;
    }

    private int FindSequence(ReadOnlySpan<byte> terminator, int from, string what)
    {
        var offset = from - _tokenStart;
        while (true)
        {
            var p = _tokenStart + offset;
            var i = _buffer.AsSpan(p, _end - p).IndexOf(terminator);
            if (i >= 0)
            {
                return p + i;
            }

            offset = Math.Max(offset, _end - _tokenStart - terminator.Length + 1);
            if (!Fill())
            {
                throw Error($"the file ends inside a {what}: it is truncated");
            }
        }
    }

    private bool Ensure(int count)
    {
        while (_end - _pos < count)
        {
            if (!Fill())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads more input, keeping everything from the current token's start. Returns false at
    /// the end of the input. Positions inside the buffer shift; callers hold offsets relative to
    /// <see cref="_tokenStart"/> across calls.
    /// </summary>
    private bool Fill()
    {
        if (_streamDone)
        {
            return false;
        }

        var keepFrom = Math.Min(_tokenStart, _pos);
        if (keepFrom > 0)
        {
            _linesBeforeBuffer += _buffer.AsSpan(0, keepFrom).Count((byte)'\n');
            _lineCountedTo = 0;
            _linesInBuffer = 0;
            var keep = _end - keepFrom;
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, keep);
            _bufferStartOffset += keepFrom;
            _end = keep;
            _pos -= keepFrom;
            _tokenStart -= keepFrom;
            _nameStart = Math.Max(0, _nameStart - keepFrom);
            _textStart = Math.Max(0, _textStart - keepFrom);
        }

        if (_end > _buffer.Length / 2)
        {
            // One token larger than half the buffer (a huge notes text): grow instead of looping.
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            _tokenStart = _end;
            throw Error("the compressed data is corrupt: " + e.Message, e);
        }

        if (read == 0)
        {
            _streamDone = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>Decodes the text or attribute value at <paramref name="start"/> in the buffer.</summary>
    private string Decode(int start, int length, bool attribute)
    {
        var raw = _buffer.AsSpan(start, length);
        if (raw.IsEmpty)
        {
            return "";
        }

        // Most values are printable ASCII with no reference: one check, then a plain widening copy.
        if (IsPlainAscii(start, length))
        {
            return string.Create(length, new PlainText(_buffer, start), _widen);
        }

        var notPlain = raw.IndexOfAnyExcept(_plainAscii);

        var specials = attribute ? _attributeSpecials : _textSpecials;
        var special = specials.Contains(raw[notPlain]) ? notPlain : NextSpecial(raw, notPlain + 1, attribute);
        if (special < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        if (_chars.Length < raw.Length)
        {
            _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        }

        var written = 0;
        var segmentStart = 0;
        var i = special;
        while (true)
        {
            if (i < 0 || i >= raw.Length)
            {
                written += CopySegment(raw[segmentStart..], _chars.AsSpan(written));
                break;
            }

            var b = raw[i];
            if (b == 0xEF)
            {
                if (i + 2 < raw.Length && raw[i + 1] == 0xBF && raw[i + 2] is 0xBE or 0xBF)
                {
                    written += CopySegment(raw[segmentStart..i], _chars.AsSpan(written));
                    Dropped(raw[i + 2] == 0xBE ? 0xFFFE : 0xFFFF);
                    segmentStart = i + 3;
                    i = NextSpecial(raw, segmentStart, attribute);
                }
                else
                {
                    i = NextSpecial(raw, i + 1, attribute);
                }

                continue;
            }

            written += CopySegment(raw[segmentStart..i], _chars.AsSpan(written));
            var next = i + 1;
            switch (b)
            {
                case (byte)'&':
                    var semi = raw[next..].IndexOf((byte)';');
                    if (semi < 0 || semi > 12)
                    {
                        throw Error("an '&' that does not start a reference: the XML is malformed");
                    }

                    written += Reference(raw.Slice(next, semi), _chars.AsSpan(written));
                    next += semi + 1;
                    break;
                case (byte)'\r':
                    // Line-end normalisation: CR LF and lone CR become LF (a space in attributes).
                    if (next < raw.Length && raw[next] == (byte)'\n')
                    {
                        next++;
                    }

                    _chars[written++] = attribute ? ' ' : '\n';
                    break;
                case (byte)'\t' or (byte)'\n':
                    _chars[written++] = attribute ? ' ' : (char)b;
                    break;
                default:
                    Dropped(b);
                    break;
            }

            segmentStart = next;

            // References often come one after another (old dumps write every non-ASCII letter as one).
            i = next < raw.Length && raw[next] == (byte)'&' ? next : NextSpecial(raw, next, attribute);
        }

        return new string(_chars, 0, written);
    }

    // True when every byte of the text at 'start' is printable ASCII other than '&' (0x20 to
    // 0x7E), checked 16 bytes at a time; a short text is checked with the bytes after it masked off.
    private bool IsPlainAscii(int start, int length)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), start);
        if (length <= 16 && start + 16 <= _buffer.Length)
        {
            return (NotPlain(Vector128.LoadUnsafe(ref r)).ExtractMostSignificantBits() & ((1u << length) - 1)) == 0;
        }

        var i = 0;
        for (; i + 16 <= length; i += 16)
        {
            if (NotPlain(Vector128.LoadUnsafe(ref r, (nuint)i)) != Vector128<byte>.Zero)
            {
                return false;
            }
        }

        if (i == length)
        {
            return true;
        }

        if (length >= 16)
        {
            // The last bytes, overlapping the step before.
            return NotPlain(Vector128.LoadUnsafe(ref r, (nuint)(length - 16))) == Vector128<byte>.Zero;
        }

        for (; i < length; i++)
        {
            var b = Unsafe.Add(ref r, i);
            if ((uint)(b - 0x20) >= 0x5F || b == (byte)'&')
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> NotPlain(Vector128<byte> v) =>
        ~Vector128.LessThan(v - Vector128.Create((byte)0x20), Vector128.Create((byte)0x5F)) | Vector128.Equals(v, Vector128.Create((byte)'&'));

    private static void Widen(Span<char> into, PlainText text)
    {
        ref var from = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(text.Buffer), text.Start);
        ref var to = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(into));
        var n = into.Length;
        if (n < 8)
        {
            for (var i = 0; i < n; i++)
            {
                Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
            }

            return;
        }

        if (n < 16)
        {
            // Two eight-byte steps, the second overlapping the first.
            Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref from), Vector64<byte>.Zero)).StoreUnsafe(ref to);
            Vector128.WidenLower(Vector128.Create(Vector64.LoadUnsafe(ref from, (nuint)(n - 8)), Vector64<byte>.Zero)).StoreUnsafe(ref to, (nuint)(n - 8));
            return;
        }

        for (var i = 0; ; i += 16)
        {
            if (i + 16 > n)
            {
                i = n - 16;
            }

            var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref from, (nuint)i));
            lower.StoreUnsafe(ref to, (nuint)i);
            upper.StoreUnsafe(ref to, (nuint)(i + 8));
            if (i + 16 >= n)
            {
                return;
            }
        }
    }

    private static int NextSpecial(ReadOnlySpan<byte> raw, int from, bool attribute)
    {
        if (from >= raw.Length)
        {
            return -1;
        }

        var j = raw[from..].IndexOfAny(attribute ? _attributeSpecials : _textSpecials);
        return j < 0 ? -1 : from + j;
    }

    // Copies the UTF-8 between two special bytes as chars. The stretches between references are
    // mostly a few ASCII letters, or none: those are widened here, without the decoder's call.
    private static int CopySegment(ReadOnlySpan<byte> segment, Span<char> into)
    {
        if (segment.Length <= 8)
        {
            var i = 0;
            for (; i < segment.Length && segment[i] < 0x80; i++)
            {
                into[i] = (char)segment[i];
            }

            if (i == segment.Length)
            {
                return i;
            }
        }

        return Encoding.UTF8.GetChars(segment, into);
    }

    private int Reference(ReadOnlySpan<byte> name, Span<char> into)
    {
        // Decimal character references (&#228;) are most of the references in the dumps; up to six
        // digits, never past U+10FFFF.
        if (name.Length is >= 2 and <= 7 && name[0] == (byte)'#' && TryParseDigits(name[1..], out var decimalCode))
        {
            return Character((int)decimalCode, into);
        }

        if (name.SequenceEqual("amp"u8))
        {
            into[0] = '&';
            return 1;
        }

        if (name.SequenceEqual("lt"u8))
        {
            into[0] = '<';
            return 1;
        }

        if (name.SequenceEqual("gt"u8))
        {
            into[0] = '>';
            return 1;
        }

        if (name.SequenceEqual("quot"u8))
        {
            into[0] = '"';
            return 1;
        }

        if (name.SequenceEqual("apos"u8))
        {
            into[0] = '\'';
            return 1;
        }

        if (name.Length >= 2 && name[0] == (byte)'#')
        {
            var hex = name[1] is (byte)'x' or (byte)'X';
            var digits = name[(hex ? 2 : 1)..];
            // Number parsing would also take trailing NULs: only digits make a reference.
            var ok = (hex ? digits.IndexOfAnyExcept(_hexDigits) : digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9')) < 0
                & int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code);
            if (!ok || code < 0 || code > 0x10FFFF)
            {
                throw Error($"an invalid character reference &{Encoding.ASCII.GetString(name)};");
            }

            return Character(code, into);
        }

        throw Error($"an unknown entity &{Encoding.UTF8.GetString(name)}; (only the five XML entities are allowed; DTDs are never processed)");
    }

    // Writes the character a reference names: dropped and counted when XML forbids it.
    private int Character(int code, Span<char> into)
    {
        if (IsForbidden(code))
        {
            Dropped(code);
            return 0;
        }

        if (code < 0x10000)
        {
            into[0] = (char)code;
            return 1;
        }

        return char.ConvertFromUtf32(code).AsSpan().TryCopyTo(into) ? 2 : 0;
    }

    private static bool IsForbidden(int code) =>
        code is < 0x20 and not (0x9 or 0xA or 0xD) || code is 0xFFFE or 0xFFFF || code is >= 0xD800 and <= 0xDFFF;

    private void Dropped(int code)
    {
        DroppedControlCharacters++;
        LastDroppedCharacter = code;
    }

    private static string DecodeCData(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);

    private readonly record struct PlainText(byte[] Buffer, int Start);

    private readonly record struct Attribute(int NameStart, int NameLength, int ValueStart, int ValueLength);
}
