package fr.passerelle.access;

/**
 * Why a request reads or writes personal data. Every request declares one; consents and
 * the policy matrix are given per purpose.
 */
public enum Purpose {

	SUPPORT, HOUSING_ALLOCATION, EVICTION_PREVENTION, BENEFITS, COORDINATION, STATISTICS, EMERGENCY

}
