using System.Collections;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Platter.Storage;

/// <summary>
/// A reader that disposes its command when it is disposed, on the thread that used it.
/// </summary>
/// <remarks>
/// A command left to the garbage collector has its prepared statements finalized on the
/// finalizer thread, while its connection may be in use on another. SQLite runs in multi-thread
/// mode here (see <see cref="SqliteCatalog"/>), where a connection has no mutex of its own, so
/// that finalizer raced the connection's owner and corrupted SQLite's heap: the site's test host
/// crashed inside <c>libe_sqlite3.so</c> and an export read a text column without its terminator.
/// </remarks>
internal sealed class CommandReader(SqliteCommand command) : DbDataReader
{
    private readonly SqliteDataReader _reader = command.ExecuteReader();

    public override object this[int ordinal] => _reader[ordinal];

    public override object this[string name] => _reader[name];

    public override int Depth => _reader.Depth;

    public override int FieldCount => _reader.FieldCount;

    public override bool HasRows => _reader.HasRows;

    public override bool IsClosed => _reader.IsClosed;

    public override int RecordsAffected => _reader.RecordsAffected;

    /// <summary>Runs <paramref name="command"/>; disposes it when running fails.</summary>
    public static CommandReader Run(SqliteCommand command)
    {
        try
        {
            return new CommandReader(command);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    public override bool GetBoolean(int ordinal) => _reader.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => _reader.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => _reader.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => _reader.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => _reader.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => _reader.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => _reader.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => _reader.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => _reader.GetDouble(ordinal);

    public override IEnumerator GetEnumerator() => _reader.GetEnumerator();

    public override Type GetFieldType(int ordinal) => _reader.GetFieldType(ordinal);

    public override T GetFieldValue<T>(int ordinal) => _reader.GetFieldValue<T>(ordinal);

    public override float GetFloat(int ordinal) => _reader.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => _reader.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => _reader.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => _reader.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => _reader.GetInt64(ordinal);

    public override string GetName(int ordinal) => _reader.GetName(ordinal);

    public override int GetOrdinal(string name) => _reader.GetOrdinal(name);

    public override string GetString(int ordinal) => _reader.GetString(ordinal);

    public override object GetValue(int ordinal) => _reader.GetValue(ordinal);

    public override int GetValues(object[] values) => _reader.GetValues(values);

    public override bool IsDBNull(int ordinal) => _reader.IsDBNull(ordinal);

    public override bool NextResult() => _reader.NextResult();

    public override bool Read() => _reader.Read();

    /// <remarks>Disposing the reader closes it (<see cref="DbDataReader"/> does), and with it the command.</remarks>
    public override void Close()
    {
        _reader.Dispose();
        command.Dispose();
    }
}
