package io.twinwright.adapters.registry;

/**
 * One stored secret of a device's credentials: a password hash (type {@code hashed-password}) or a
 * pre-shared key (type {@code psk}).
 */
public sealed interface Secret permits PasswordHash, PreSharedKey {}
