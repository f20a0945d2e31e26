package io.sparklm.prep.job;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Kryo 4 serializer for any Java record (Kryo 4 predates records: its FieldSerializer cannot set a record's final
 * fields): writes the components in declaration order and reads them back through the canonical constructor.
 * For records that are shipped rarely (task results, input splits); hot shuffle records have compact serializers.
 */
public final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final Method[] accessors;
    private final Constructor<T> ctor;

    public RecordSerializer(Class<T> type) {
        RecordComponent[] cs = type.getRecordComponents();
        accessors = new Method[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            accessors[i] = cs[i].getAccessor();
            accessors[i].setAccessible(true);
            types[i] = cs[i].getType();
        }
        try {
            ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new KryoException("no canonical constructor for " + type.getName(), e);
        }
    }

    @Override
    public void write(Kryo kryo, Output out, T rec) {
        try {
            for (Method m : accessors) {
                kryo.writeClassAndObject(out, m.invoke(rec));
            }
        } catch (ReflectiveOperationException e) {
            throw new KryoException(e);
        }
    }

    @Override
    public T read(Kryo kryo, Input in, Class<T> type) {
        Object[] args = new Object[accessors.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = kryo.readClassAndObject(in);
        }
        try {
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new KryoException(e);
        }
    }
}
